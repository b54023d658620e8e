/**
 * Loose request schemas for the relay. The SDK's own request schemas strip fields they do not
 * know; a gateway must forward what the host sent, so params are parsed as loose objects and
 * only the fields the gateway routes on are typed.
 */
import { z } from 'zod';
import { LOG_LEVELS } from './log-levels.js';

const meta = z.looseObject({ progressToken: z.union([z.string(), z.number()]).optional() }).optional();
const paginated = z.looseObject({ cursor: z.string().optional(), _meta: meta }).optional();

/**
 * Tool and prompt arguments are passed on as the very object the host sent: copying them through a
 * schema would turn a `__proto__` key into a prototype (and drop it) instead of forwarding it.
 */
const argumentsObject = <V>() =>
  z.custom<Record<string, V>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'arguments must be an object');

const request = <M extends string, P extends z.ZodType>(method: M, params: P) => z.looseObject({ method: z.literal(method), params });

export const ListToolsRequest = request('tools/list', paginated);
export const ListPromptsRequest = request('prompts/list', paginated);
export const ListResourcesRequest = request('resources/list', paginated);
export const ListResourceTemplatesRequest = request('resources/templates/list', paginated);

export const CallToolRequest = request('tools/call', z.looseObject({ name: z.string(), arguments: argumentsObject<unknown>().optional(), _meta: meta }));
export const GetPromptRequest = request('prompts/get', z.looseObject({ name: z.string(), arguments: argumentsObject<string>().optional(), _meta: meta }));
/** `tasks/get`, `tasks/result`, `tasks/cancel` (2025-11-25): by the task id the host got. */
export const taskRequest = <M extends string>(method: M) => request(method, z.looseObject({ taskId: z.string(), _meta: meta }));
export const ListTasksRequest = request('tasks/list', z.looseObject({ cursor: z.string().optional(), _meta: meta }).optional());
export const ReadResourceRequest = request('resources/read', z.looseObject({ uri: z.string(), _meta: meta }));
export const SubscribeRequest = request('resources/subscribe', z.looseObject({ uri: z.string(), _meta: meta }));
export const UnsubscribeRequest = request('resources/unsubscribe', z.looseObject({ uri: z.string(), _meta: meta }));
export const CompleteRequest = request(
  'completion/complete',
  z.looseObject({
    ref: z.union([z.looseObject({ type: z.literal('ref/prompt'), name: z.string() }), z.looseObject({ type: z.literal('ref/resource'), uri: z.string() })]),
    argument: z.looseObject({ name: z.string(), value: z.string() }),
    _meta: meta,
  }),
);
export const SetLevelRequest = request('logging/setLevel', z.looseObject({ level: z.enum(LOG_LEVELS), _meta: meta }));

/** Any result, kept whole. */
export const LooseResult = z.looseObject({});

export type RequestMeta = z.infer<typeof meta>;
