/**
 * The request handlers of one upstream session: lists come from the registry view (paged with the
 * gateway's own cursors), calls are routed to their owner through the router, and URIs in results
 * are mapped back to the form the host knows.
 */
import { MissingRequiredClientCapabilityError, RELATED_TASK_META_KEY, SERVER_INFO_META_KEY } from '@modelcontextprotocol/server';
import type { LoggingLevel } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { GatewayError, toWireError } from '../errors.js';
import { MODERN_CACHE_FIELDS } from './eras.js';
import type { InputBridge } from './input-bridge.js';
import type { TaskEntry, TaskTable } from './tasks.js';
import { advertisePromptResult, advertiseReadResult, advertiseToolResult } from '../registry/content.js';
import { viewForHost } from '../registry/host-view.js';
import type { NameRoute, UriRoute } from '../registry/types.js';
import type { CallTracker, Extra } from './inflight.js';
import { errorOutcome, observedHandlers } from './observed-handlers.js';
import type { RequestObserver } from './request-events.js';
import type { ListKind, Paginator } from './pagination.js';
import type { RouteOptions, Router, ServedView, ViewSource } from './ports.js';
import type { RequestMeta } from './schemas.js';
import { rawRequestHandlers, type RawRequestHandlers } from './sdk-seams.js';
import * as S from './schemas.js';
import { CAPABILITY_OF, type Session } from './session.js';
import type { Subscriptions } from './subscriptions.js';

export interface RelayContext {
  /** The session's view: its profile's, or the default one. */
  view: ViewSource;
  /** The session's view and how its tools are listed; undefined once its profile is gone from the catalog. */
  served: () => ServedView | undefined;
  /** The error every routed request gets while the session's profile is not in the catalog. */
  profileGone: () => GatewayError | undefined;
  router: Router;
  paginator: Paginator;
  calls: CallTracker;
  subscriptions: Subscriptions;
  /** A session changed its log level. */
  onLogLevel: (session: Session, level: LoggingLevel) => Promise<void>;
  /** Resolves when lists may be answered (see `settings.startupWait`). */
  whenListable: () => Promise<void>;
  /** Calls of 2026-07-28 hosts whose servers ask for input. */
  bridge: InputBridge;
  /** Tasks created through the gateway, by the ids hosts know. */
  tasks: TaskTable;
  /** Where requests are reported for telemetry (see request-events.ts). */
  observer?: RequestObserver;
}

/** The requests a 2026-07-28 host may be answered `input_required` for. */
const BRIDGED = new Set(['tools/call', 'prompts/get', 'resources/read']);

type Result = Record<string, unknown>;

/**
 * Registers a handler whose result reaches the host exactly as returned (see `rawRequestHandlers`).
 * It is matched on the method alone, so that bad params are answered -32602 here with a reason.
 */
function handle<Q extends z.ZodObject<{ method: z.ZodLiteral<string> }>>(
  raw: RawRequestHandlers,
  session: Session,
  schema: Q,
  handler: (request: z.infer<Q>, extra: Extra) => Promise<Result>,
): void {
  raw.set(schema.shape.method.value, async (request, extra) => {
    session.noteRequest(extra);
    try {
      const parsed = schema.safeParse(request);
      if (!parsed.success) throw new GatewayError('INVALID_PARAMS', `Invalid params: ${z.prettifyError(parsed.error)}`);
      return await handler(parsed.data, extra);
    } catch (error) {
      throw toWireError(error);
    }
  });
}

export function registerHandlers(session: Session, ctx: RelayContext): void {
  const { view } = ctx;
  const raw = observedHandlers(rawRequestHandlers(session.server, session.context.era), session, ctx.observer);
  const list = (kind: ListKind) => async (request: { params?: { cursor?: string | undefined } | undefined }, extra: Extra) => {
    const cursor = request.params?.cursor;
    if (cursor === undefined) await ctx.whenListable();
    // Tools a server lists only to clients with a feature this host lacks are not offered to it
    // (capabilities declared at initialize, or in this very request for 2026-07-28).
    const page = ctx.paginator.page(kind, kind === 'tools' ? viewForHost(view(), session.capabilitiesDuring(extra)) : view(), cursor);
    return {
      [kind]: page.items,
      ...(page.nextCursor !== undefined ? { nextCursor: page.nextCursor } : {}),
      ...(session.context.era === 'modern' ? MODERN_CACHE_FIELDS : {}),
    };
  };
  handle(raw, session, S.ListToolsRequest, list('tools'));
  handle(raw, session, S.ListPromptsRequest, list('prompts'));
  handle(raw, session, S.ListResourcesRequest, list('resources'));
  handle(raw, session, S.ListResourceTemplatesRequest, list('resourceTemplates'));

  handle(raw, session, S.CallToolRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    const route = routeName(ctx, 'tool', params.name, view().routeTool(params.name));
    const result = await relay(ctx, session, route.serverId, 'tools/call', { ...params, name: route.name }, params._meta, extra);
    // A task-augmented call answers with the task: the host gets the gateway's id for it.
    const task = (result as { task?: { taskId?: unknown } }).task;
    if (params.task !== undefined && typeof task?.taskId === 'string') {
      return { ...result, task: { ...task, taskId: ctx.tasks.register(session, route.serverId, task.taskId) } };
    }
    return advertiseToolResult(view(), route.serverId, result);
  });

  if (session.context.era === 'legacy') registerTaskHandlers(raw, session, ctx);

  handle(raw, session, S.GetPromptRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    const route = routeName(ctx, 'prompt', params.name, view().routePrompt(params.name));
    const result = await relay(ctx, session, route.serverId, 'prompts/get', { ...params, name: route.name }, params._meta, extra);
    return advertisePromptResult(view(), route.serverId, result);
  });

  handle(raw, session, S.ReadResourceRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    const route = routeUri(ctx, params.uri);
    const result = await relay(ctx, session, route.serverId, 'resources/read', { ...params, uri: route.uri }, params._meta, extra);
    return advertiseReadResult(view(), route.serverId, result);
  });

  handle(raw, session, S.SubscribeRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    await ctx.subscriptions.subscribe(session, params.uri, routeUri(ctx, params.uri));
    return {};
  });

  handle(raw, session, S.UnsubscribeRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    await ctx.subscriptions.unsubscribe(session, params.uri, routeUri(ctx, params.uri));
    return {};
  });

  handle(raw, session, S.CompleteRequest, async ({ params }, extra) => {
    await untilRoutable(ctx, extra.mcpReq.signal);
    const { ref } = params;
    let route: UriRoute | NameRoute;
    let forwardedRef: Result;
    if (ref.type === 'ref/prompt') {
      route = routeName(ctx, 'prompt', ref.name, view().routePrompt(ref.name));
      forwardedRef = { ...ref, name: route.name };
    } else {
      const owner = view().routeResourceTemplate(ref.uri) ?? view().routeResource(ref.uri);
      if (!owner) throw new GatewayError('UNKNOWN_NAME', `Unknown resource template "${ref.uri}"`, { uri: ref.uri });
      route = owner;
      forwardedRef = { ...ref, uri: owner.uri };
    }
    // A server without completions gets no request it would only refuse.
    if (ctx.router.capabilities(route.serverId)?.completions === undefined) return { completion: { values: [], hasMore: false } };
    return relay(ctx, session, route.serverId, 'completion/complete', { ...params, ref: forwardedRef }, params._meta, extra);
  });

  handle(raw, session, S.SetLevelRequest, async ({ params }) => {
    await ctx.onLogLevel(session, params.level);
    return {};
  });
}

/**
 * Every routed request waits, like the first lists, for servers still starting (bounded by
 * `settings.startupWait`; no wait once all have settled), and gives up when the host's request
 * ends first, so a request sent right after initialize finds its server instead of failing.
 */
async function untilRoutable(ctx: RelayContext, signal: AbortSignal): Promise<void> {
  if (!signal.aborted) {
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<void>((resolve) => signal.addEventListener('abort', (onAbort = () => resolve()), { once: true }));
    try {
      await Promise.race([ctx.whenListable(), aborted]);
    } finally {
      if (onAbort) signal.removeEventListener('abort', onAbort);
    }
  }
  // A session whose profile a reload removed is told so by every routed request.
  const gone = ctx.profileGone();
  if (gone) throw gone;
}

/** The route of a name, or the error that says why it has none (the view explains the miss). */
function routeName(ctx: RelayContext, kind: 'tool' | 'prompt', name: string, route: NameRoute | undefined): NameRoute {
  if (route) return route;
  const miss = ctx.view().explainMiss(kind, name);
  switch (miss.why) {
    case 'held':
      throw new GatewayError('TOOL_HELD', miss.detail, { [kind]: name, serverId: miss.serverId });
    case 'withheld':
    case 'not-offered': {
      const why = miss.why === 'withheld' ? miss.detail : 'the server does not offer it now';
      throw new GatewayError('UNKNOWN_NAME', `${kind} "${name}" of server "${miss.serverId}" is not offered: ${why}`, {
        [kind]: name,
        serverId: miss.serverId,
      });
    }
    case 'starting':
    case 'down': {
      const state = miss.detail !== undefined ? (miss.why === 'starting' ? ` (${miss.detail})` : `: ${miss.detail}`) : '';
      const what = miss.why === 'starting' ? 'which is still starting' : 'which is not connected';
      throw new GatewayError('SERVER_UNAVAILABLE', `${kind} "${name}" belongs to server "${miss.serverId}", ${what}${state}`, { serverId: miss.serverId });
    }
    case 'unknown':
      throw new GatewayError('UNKNOWN_NAME', `Unknown ${kind} "${name}"`, { [kind]: name });
  }
}

function routeUri(ctx: RelayContext, uri: string): UriRoute {
  const route = ctx.view().routeResource(uri);
  if (!route) throw new GatewayError('UNKNOWN_NAME', `Unknown resource "${uri}": no server offers it`, { uri });
  return route;
}

/** `tasks/*` of 2025-11-25, routed by the gateway's task ids (see tasks.ts). */
function registerTaskHandlers(raw: RawRequestHandlers, session: Session, ctx: RelayContext): void {
  const owned = (id: string) => {
    const entry = ctx.tasks.get(session, id);
    if (!entry) throw new GatewayError('INVALID_PARAMS', `Unknown task "${id}": no task of this session has that id`, { taskId: id });
    return entry;
  };
  const hostSide = (entry: TaskEntry, result: Result): Result => ('taskId' in result ? { ...result, taskId: entry.id } : result);
  // tasks/get and tasks/cancel answer with the task's state, which a restarted server no longer has.
  for (const method of ['tasks/get', 'tasks/cancel'] as const) {
    handle(raw, session, S.taskRequest(method), async ({ params }, extra) => {
      const entry = owned(params.taskId);
      if (entry.lost) return lostTask(entry);
      return hostSide(entry, await ctx.router.request(entry.serverId, method, { ...params, taskId: entry.taskId }, { signal: extra.mcpReq.signal }));
    });
  }
  handle(raw, session, S.taskRequest('tasks/result'), async ({ params }, extra) => {
    const entry = owned(params.taskId);
    if (entry.lost) throw new GatewayError('SERVER_UNAVAILABLE', `task "${entry.id}" failed: ${entry.lost}`, { serverId: entry.serverId });
    const result = await relay(ctx, session, entry.serverId, 'tasks/result', { ...params, taskId: entry.taskId }, params._meta, extra);
    return advertiseToolResult(ctx.view(), entry.serverId, withTaskId(result, entry));
  });
  handle(raw, session, S.ListTasksRequest, async (_request, extra) => {
    // Only this session's tasks, each as its server reports it now (bounded).
    const entries = ctx.tasks.ofOwner(session).slice(-MAX_LISTED_TASKS);
    const tasks = await Promise.all(
      entries.map(async (entry) => {
        if (entry.lost) return lostTask(entry);
        const got = await ctx.router.request(entry.serverId, 'tasks/get', { taskId: entry.taskId }, { signal: extra.mcpReq.signal }).catch(() => undefined);
        return got
          ? hostSide(entry, got)
          : { taskId: entry.id, status: 'failed', statusMessage: `server "${entry.serverId}" did not say how the task is doing` };
      }),
    );
    return { tasks };
  });
}

/** A task whose server restarted: failed, with why. */
function lostTask(entry: TaskEntry): Result {
  return { taskId: entry.id, status: 'failed', statusMessage: entry.lost };
}

/** Tasks listed by one `tasks/list`, newest last. */
const MAX_LISTED_TASKS = 100;

/** The related-task reference a task's result carries, with the host's id. */
function withTaskId(result: Result, entry: TaskEntry): Result {
  const meta = result._meta as Record<string, unknown> | undefined;
  const related = meta?.[RELATED_TASK_META_KEY] as Record<string, unknown> | undefined;
  if (!related) return result;
  return { ...result, _meta: { ...meta, [RELATED_TASK_META_KEY]: { ...related, taskId: entry.id } } };
}

/**
 * Sends one routed request downstream. Progress is relayed with the host's own token, every
 * progress notification goes out before the response, and the call is tracked so that what the
 * server asks or logs meanwhile reaches this session.
 */
async function relay(ctx: RelayContext, session: Session, serverId: string, method: string, params: Result, meta: RequestMeta, extra: Extra): Promise<Result> {
  if (session.context.era === 'modern' && BRIDGED.has(method)) return bridged(ctx, session, serverId, method, params, meta, extra);
  const options: RouteOptions = { signal: extra.mcpReq.signal };
  const progressToken = meta?.progressToken;
  const pending: Promise<void>[] = [];
  if (progressToken !== undefined) {
    const notify = progressNotifier(extra, progressToken);
    options.onprogress = (progress) => void pending.push(notify(progress));
  }
  const end = ctx.calls.begin(serverId, { session, extra });
  try {
    // The downstream client puts its own progress token in `_meta`; never forward the host's.
    return withoutServerIdentity(await observedRequest(ctx, extra, serverId, method, withoutProgressToken(params), options));
  } finally {
    end();
    await Promise.all(pending);
  }
}

/** `router.request`, reported to the observer as a downstream request of the host request `extra` serves. */
async function observedRequest(ctx: RelayContext, extra: Extra, serverId: string, method: string, params: Result, options: RouteOptions): Promise<Result> {
  const host = ctx.observer?.of(extra);
  if (!host) return ctx.router.request(serverId, method, params, options);
  host.serverId = serverId;
  const original = params.name ?? params.uri;
  if (typeof original === 'string') host.original = original;
  const down = ctx.observer!.downstream(host, serverId, method);
  const sent = down.meta ? { ...params, _meta: { ...(params._meta as Result | undefined), ...down.meta } } : params;
  try {
    const result = await ctx.router.request(serverId, method, sent, options);
    down.end(method === 'tools/call' && result.isError === true ? { outcome: 'tool_error', errorType: 'tool_error', result } : { outcome: 'ok', result });
    return result;
  } catch (error) {
    down.end(errorOutcome(error, extra));
    throw error;
  }
}

/**
 * A call of a 2026-07-28 host: the server's questions during it are put to the host as
 * `input_required`, and its retry (with `requestState`) carries the answers (see input-bridge.ts).
 */
async function bridged(
  ctx: RelayContext,
  session: Session,
  serverId: string,
  method: string,
  params: Result,
  meta: RequestMeta,
  extra: Extra,
): Promise<Result> {
  const target = { method, target: `${serverId}:${String(params.name ?? params.uri)}` };
  const progressToken = meta?.progressToken;
  // Progress goes to whichever of the host's requests (the call, or a retry) is waiting now.
  const request = {
    cancelled: extra.mcpReq.signal,
    ...(progressToken !== undefined && { onProgress: progressNotifier(extra, progressToken) }),
  };
  const state = extra.mcpReq.requestState<unknown>();
  // A state the gateway signed resumes its flow; another is a 2026-07-28 server's own, and goes to
  // it with the host's `inputResponses` as they came (a 2025-11-25 server has none, so there it is
  // refused as unknown). Such a server's `input_required` comes back to the host as it is (its keys,
  // its state); only a 2025-11-25 server's requests are bridged.
  if (typeof state === 'string' && (ctx.bridge.owns(state) || !ctx.router.modern(serverId))) {
    return ctx.bridge.resume(state, target, extra.mcpReq.inputResponses ?? {}, request);
  }
  const answers = extra.mcpReq.inputResponses;
  const forwarded = {
    ...withoutProgressToken(params),
    ...(answers !== undefined && { inputResponses: answers }),
    ...(typeof state === 'string' && { requestState: state }),
  };
  const result = await ctx.bridge.start(
    target,
    async (flow) => {
      const end = ctx.calls.begin(serverId, { session, extra, ask: flow.ask, refuse: flow.refuse, hostWaiting: flow.hostWaiting });
      try {
        const options: RouteOptions = { signal: flow.signal, onprogress: flow.progress, allowInputRequired: true };
        return withoutServerIdentity(await observedRequest(ctx, extra, serverId, method, forwarded, options));
      } finally {
        end();
      }
    },
    request,
  );
  if (result.resultType === 'input_required') assertCanAnswer(session, extra, result.inputRequests);
  return result;
}

/** A server's `input_required` reaches the host only when the host can answer every question in it (else -32021, naming what is missing). */
function assertCanAnswer(session: Session, extra: Extra, inputRequests: unknown): void {
  if (typeof inputRequests !== 'object' || inputRequests === null) return;
  const missing: Record<string, object> = {};
  for (const request of Object.values(inputRequests as Record<string, { method?: unknown }>)) {
    const method = typeof request?.method === 'string' ? request.method : '';
    if (!session.canAnswer(method, extra)) missing[CAPABILITY_OF[method] ?? method] = {};
  }
  if (Object.keys(missing).length > 0) throw new MissingRequiredClientCapabilityError({ requiredCapabilities: missing });
}

/**
 * A 2026-07-28 server stamps its own identity on every result (`_meta`
 * `io.modelcontextprotocol/serverInfo`); the host is talking to the gateway, which stamps its own.
 */
function withoutServerIdentity(result: Result): Result {
  return withoutMetaKey(result, SERVER_INFO_META_KEY);
}

function withoutProgressToken(params: Result): Result {
  return withoutMetaKey(params, 'progressToken');
}

/** `value` without `_meta[key]` (and without `_meta` once it is empty); the same object when there is none. */
function withoutMetaKey(value: Result, key: string): Result {
  const meta = value._meta as Record<string, unknown> | undefined;
  if (!meta || !(key in meta)) return value;
  const { [key]: _dropped, ...rest } = meta;
  const { _meta: _old, ...others } = value;
  return Object.keys(rest).length > 0 ? { ...others, _meta: rest } : others;
}

/** Sends the host `notifications/progress` for its request, under its own token. */
function progressNotifier(extra: Extra, progressToken: string | number) {
  return (progress: { progress: number; total?: number; message?: string }): Promise<void> =>
    extra.mcpReq.notify({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => {});
}
