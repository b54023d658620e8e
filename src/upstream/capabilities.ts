/**
 * What a host session is told the gateway can do: the union of what the connected servers offer,
 * limited to what the gateway can forward (tasks for `tools/call` when a server offers them; no
 * `experimental`; of the extensions, MCP Apps). The gateway emits
 * `list_changed` itself and relays logging, so those are always on. While some server is still
 * starting its capabilities are unknown, so the gateway offers everything it could forward; a
 * request that reaches a server without that capability gets a clear answer.
 */
import type { ServerCapabilities } from '@modelcontextprotocol/server';
import type { Router } from './ports.js';

/** MCP Apps: the one extension the gateway relays (its `ui://` URIs are mapped, see registry/apps.ts). */
export const UI_EXTENSION = 'io.modelcontextprotocol/ui';

/** Tasks (2025-11-25) as the gateway relays them: task-augmented `tools/call`, list, cancel. */
const TASKS = { list: {}, cancel: {}, requests: { tools: { call: {} } } };

/** A server's 2025-11-25 `tasks` capability (not in the v2 SDK's types). */
interface TaskCapable {
  tasks?: { requests?: { tools?: { call?: object } } };
}

/** Everything the gateway declares to the SDK (handlers can only be registered for these). */
const FORWARDABLE_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  logging: {},
  completions: {},
  tasks: TASKS,
} as ServerCapabilities;

export function advertisedCapabilities(router: Router): ServerCapabilities {
  if (router.starting()) return FORWARDABLE_CAPABILITIES;
  const offered = router.connected().map((id) => router.capabilities(id) ?? {});
  const subscribe = offered.some((caps) => caps.resources?.subscribe === true);
  const completions = offered.some((caps) => caps.completions !== undefined);
  const ui = offered.map((caps) => caps.extensions?.[UI_EXTENSION]).find((settings) => settings !== undefined);
  const tasks = offered.some((caps) => (caps as TaskCapable).tasks?.requests?.tools?.call !== undefined);
  return {
    tools: { listChanged: true },
    prompts: { listChanged: true },
    resources: { ...(subscribe ? { subscribe: true } : {}), listChanged: true },
    logging: {},
    ...(completions ? { completions: {} } : {}),
    ...(ui !== undefined ? { extensions: { [UI_EXTENSION]: ui } } : {}),
    ...(tasks ? { tasks: TASKS } : {}),
  };
}
