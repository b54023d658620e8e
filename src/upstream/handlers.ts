/**
 * The request handlers of one upstream session: lists come from the registry view, calls are
 * routed to their owner through the router, and URIs in results are mapped back to the form the
 * host knows.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { z } from 'zod';
import { GatewayError, toWireError } from '../errors.js';
import { advertisePromptResult, advertiseReadResult, advertiseToolResult } from '../registry/content.js';
import type { NameRoute } from '../registry/types.js';
import type { RouteOptions, Router, ViewSource } from './ports.js';
import type { RequestMeta } from './schemas.js';
import {
  CallToolRequest,
  GetPromptRequest,
  ListPromptsRequest,
  ListResourceTemplatesRequest,
  ListResourcesRequest,
  ListToolsRequest,
  ReadResourceRequest,
} from './schemas.js';

export interface HandlerContext {
  view: ViewSource;
  router: Router;
  /** Names the owner of an advertised name that is not routable right now (its server is down). */
  ownerByPrefix?: (advertisedName: string) => string | undefined;
}

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;
type Result = Record<string, unknown>;

/**
 * Registers a handler through the base `Protocol` method. `Server.setRequestHandler` re-parses
 * `tools/call` results with the SDK's content schemas, which drops fields it does not know; a
 * relay must hand the host exactly what the server sent. Capability checks still apply.
 */
function handle<S extends z.ZodType<{ method: string }>>(
  server: Server,
  schema: S,
  handler: (request: z.infer<S>, extra: Extra) => Promise<Result>,
): void {
  const register = Protocol.prototype.setRequestHandler as (this: Server, schema: S, h: typeof handler) => void;
  register.call(server, schema, async (request, extra) => {
    try {
      return await handler(request, extra);
    } catch (error) {
      throw toWireError(error);
    }
  });
}

export function registerHandlers(server: Server, ctx: HandlerContext): void {
  handle(server, ListToolsRequest, async () => ({ tools: [...ctx.view().tools] }));
  handle(server, ListPromptsRequest, async () => ({ prompts: [...ctx.view().prompts] }));
  handle(server, ListResourcesRequest, async () => ({ resources: [...ctx.view().resources] }));
  handle(server, ListResourceTemplatesRequest, async () => ({ resourceTemplates: [...ctx.view().resourceTemplates] }));

  handle(server, CallToolRequest, async (request, extra) => {
    const { params } = request;
    const route = routeName(ctx, 'tool', params.name, ctx.view().routeTool(params.name));
    const result = await relay(ctx, route.serverId, 'tools/call', { ...params, name: route.name }, params._meta, extra);
    return advertiseToolResult(ctx.view(), route.serverId, result);
  });

  handle(server, GetPromptRequest, async (request, extra) => {
    const { params } = request;
    const route = routeName(ctx, 'prompt', params.name, ctx.view().routePrompt(params.name));
    const result = await relay(ctx, route.serverId, 'prompts/get', { ...params, name: route.name }, params._meta, extra);
    return advertisePromptResult(ctx.view(), route.serverId, result);
  });

  handle(server, ReadResourceRequest, async (request, extra) => {
    const { params } = request;
    const route = ctx.view().routeResource(params.uri);
    if (!route) throw new GatewayError('UNKNOWN_NAME', `Unknown resource "${params.uri}": no server offers it`, { uri: params.uri });
    const result = await relay(ctx, route.serverId, 'resources/read', { ...params, uri: route.uri }, params._meta, extra);
    return advertiseReadResult(ctx.view(), route.serverId, result);
  });
}

function routeName(ctx: HandlerContext, kind: 'tool' | 'prompt', name: string, route: NameRoute | undefined): NameRoute {
  if (route) return route;
  const owner = ctx.ownerByPrefix?.(name);
  if (owner !== undefined) {
    throw new GatewayError('SERVER_UNAVAILABLE', `${kind} "${name}" belongs to server "${owner}", which is not connected`, { serverId: owner });
  }
  throw new GatewayError('UNKNOWN_NAME', `Unknown ${kind} "${name}"`, { [kind]: name });
}

/** Sends one routed request downstream, relaying its progress with the host's own token. */
async function relay(ctx: HandlerContext, serverId: string, method: string, params: Result, meta: RequestMeta, extra: Extra): Promise<Result> {
  const options: RouteOptions = { signal: extra.signal };
  const progressToken = meta?.progressToken;
  const pending: Promise<void>[] = [];
  if (progressToken !== undefined) {
    options.onprogress = (progress) => {
      pending.push(
        extra.sendNotification({ method: 'notifications/progress', params: { ...progress, progressToken } }).catch(() => {}),
      );
    };
  }
  // The downstream client puts its own progress token in `_meta`; do not forward the host's.
  const forwarded = stripProgressToken(params);
  try {
    return await ctx.router.request(serverId, method, forwarded, options);
  } finally {
    // Every progress notification goes out before the response that ends the request.
    await Promise.all(pending);
  }
}

function stripProgressToken(params: Result): Result {
  const meta = params._meta as Record<string, unknown> | undefined;
  if (!meta || !('progressToken' in meta)) return params;
  const { progressToken: _dropped, ...rest } = meta;
  return { ...params, _meta: Object.keys(rest).length > 0 ? rest : undefined };
}
