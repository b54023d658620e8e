/**
 * The SDK `Client` a connection speaks through, with its handlers wired: list changes to the
 * refresher, other notifications up untouched, server→client requests to the pool's hook.
 */
import { Client } from '@modelcontextprotocol/client';
import type {
  ClientContext,
  CreateMessageResult,
  ElicitResult,
  ListRootsResult,
  ServerNotification,
  ServerRequest,
  VersionNegotiationMode,
} from '@modelcontextprotocol/client';
import type { ConnectionOptions } from './types.js';

/** How the client opens: the era mode (see era.ts) and how long the `server/discover` probe may take. */
export interface ClientNegotiation {
  mode: VersionNegotiationMode;
  probeTimeoutMs: number;
}

export interface ClientHandlers {
  /** A `notifications/{tools,prompts,resources}/list_changed` arrived. */
  onListChanged: (method: string) => void;
  /** Any other notification (logging, resources/updated, custom). */
  onNotification: (notification: ServerNotification) => void;
}

/**
 * A client advertising `options.clientCapabilities`. `listChanged` auto-refresh stays off (it
 * reads page 1 only). Server→client requests get a handler only when the matching capability is
 * declared and a hook is given; the SDK refuses the rest with "method not found".
 */
export function createClient(serverId: string, options: ConnectionOptions, handlers: ClientHandlers, negotiation: ClientNegotiation): Client {
  const capabilities = options.clientCapabilities ?? {};
  const client = new Client(options.clientInfo, {
    capabilities,
    versionNegotiation: { mode: negotiation.mode, probe: { timeoutMs: negotiation.probeTimeoutMs } },
  });
  for (const method of ['notifications/tools/list_changed', 'notifications/prompts/list_changed', 'notifications/resources/list_changed'] as const) {
    client.setNotificationHandler(method, () => handlers.onListChanged(method));
  }
  // The SDK handles progress and cancelled itself; they never reach the fallback.
  client.fallbackNotificationHandler = async (notification) => handlers.onNotification(notification as ServerNotification);

  const hook = options.onServerRequest;
  if (hook) {
    // The host's answer goes back to the server as the host gave it.
    const relay = <R>(request: ServerRequest, ctx: ClientContext) => hook(serverId, request, { signal: ctx.mcpReq.signal }) as Promise<R>;
    if (capabilities.sampling) client.setRequestHandler('sampling/createMessage', (request, ctx) => relay<CreateMessageResult>(request, ctx));
    if (capabilities.elicitation) client.setRequestHandler('elicitation/create', (request, ctx) => relay<ElicitResult>(request, ctx));
    if (capabilities.roots) client.setRequestHandler('roots/list', (request, ctx) => relay<ListRootsResult>(request, ctx));
  }
  return client;
}
