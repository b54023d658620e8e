/**
 * The SDK `Client` a connection speaks through, with its handlers wired: list changes to the
 * refresher, other notifications up untouched, server→client requests to the pool's hook.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  PromptListChangedNotificationSchema,
  ResourceListChangedNotificationSchema,
  ToolListChangedNotificationSchema,
  type ClientResult,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConnectionOptions } from './types.js';

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
export function createClient(serverId: string, options: ConnectionOptions, handlers: ClientHandlers): Client {
  const capabilities = options.clientCapabilities ?? {};
  const client = new Client(options.clientInfo, { capabilities });
  for (const schema of [ToolListChangedNotificationSchema, PromptListChangedNotificationSchema, ResourceListChangedNotificationSchema]) {
    client.setNotificationHandler(schema, (notification) => handlers.onListChanged(notification.method));
  }
  // The SDK handles progress and cancelled itself; they never reach the fallback.
  client.fallbackNotificationHandler = async (notification) => handlers.onNotification(notification as ServerNotification);

  const hook = options.onServerRequest;
  if (hook) {
    const relay = (request: ServerRequest, extra: { signal: AbortSignal }) => hook(serverId, request, { signal: extra.signal }) as Promise<ClientResult>;
    if (capabilities.sampling) client.setRequestHandler(CreateMessageRequestSchema, relay);
    if (capabilities.elicitation) client.setRequestHandler(ElicitRequestSchema, relay);
    if (capabilities.roots) client.setRequestHandler(ListRootsRequestSchema, relay);
  }
  return client;
}
