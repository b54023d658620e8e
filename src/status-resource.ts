/**
 * The gateway's own read-only resource, `switchboard://status`: each server's state, pid,
 * restarts, last error and counts, for hosts (the CLI's `status` prints the same facts).
 * It is served as a built-in server, `switchboard`, whose names pass through unprefixed.
 */
import type { Resource } from '@modelcontextprotocol/server';
import type { ConnectionStatus } from './downstream/types.js';
import { alertSummary } from './pinning/messages.js';
import type { PinAlert } from './pinning/policy.js';
import { redact } from './redact.js';
import type { ServerNaming, ServerSnapshot } from './registry/types.js';

/** The reserved id of the gateway's built-in server. */
export const BUILTIN_SERVER_ID = 'switchboard';
const STATUS_URI = 'switchboard://status';

const STATUS_RESOURCE: Resource = {
  uri: STATUS_URI,
  name: 'switchboard-status',
  title: 'mcp-switchboard status',
  description: 'State, pid, restarts, last error and item counts of every server behind this gateway',
  mimeType: 'application/json',
};

export const BUILTIN_NAMING: ServerNaming = { serverId: BUILTIN_SERVER_ID, prefix: false };

export const BUILTIN_SNAPSHOT: ServerSnapshot = {
  serverId: BUILTIN_SERVER_ID,
  tools: [],
  prompts: [],
  resources: [STATUS_RESOURCE],
  resourceTemplates: [],
};

/**
 * The facts a host may see: nothing from stderr (it can hold anything a server printed). Tools
 * whose definition changed since they were pinned are listed under `pinAlerts`, with their diff.
 */
function statusDocument(statuses: readonly ConnectionStatus[], pinAlerts: readonly PinAlert[] = []): string {
  const servers = statuses.map(({ stderrTail: _stderr, instructions: _instructions, capabilities: _capabilities, ...facts }) => facts);
  const alerts = pinAlerts.map((alert) => ({
    server: alert.serverId,
    tool: alert.tool,
    action: alert.action,
    changed: alert.fields,
    summary: alertSummary(alert),
    diff: alert.diff,
  }));
  return redact(JSON.stringify({ servers, pinAlerts: alerts }, null, 2));
}

/** Answers a request addressed to the built-in server. */
export function answerBuiltin(
  method: string,
  params: Record<string, unknown> | undefined,
  statuses: () => readonly ConnectionStatus[],
  pinAlerts: () => readonly PinAlert[] = () => [],
): Record<string, unknown> {
  if (method === 'resources/read' && params?.uri === STATUS_URI) {
    return { contents: [{ uri: STATUS_URI, mimeType: 'application/json', text: statusDocument(statuses(), pinAlerts()) }] };
  }
  throw new Error(`the gateway's built-in server does not answer ${method}`);
}
