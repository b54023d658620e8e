/**
 * A cheap structural check of JSON-RPC 2.0 messages. The relay forwards results untouched, so a
 * full schema parse (which copies every object of a possibly multi-megabyte result) buys nothing;
 * this check is enough to tell messages from garbage and to route them.
 */
export type MessageId = string | number;

/** Why `value` is not a single JSON-RPC 2.0 message, or undefined when it is one. */
export function jsonRpcProblem(value: unknown): { id: MessageId | null; reason: string } | undefined {
  if (Array.isArray(value)) return { id: null, reason: 'batches are not supported' };
  if (typeof value !== 'object' || value === null) return { id: null, reason: 'a message must be a JSON object' };
  const m = value as Record<string, unknown>;
  const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
  if (m.jsonrpc !== '2.0') return { id, reason: 'jsonrpc must be "2.0"' };
  if ('method' in m) {
    if (typeof m.method !== 'string') return { id, reason: 'method must be a string' };
    if ('id' in m && id === null) return { id: null, reason: 'id must be a string or a number' };
    if ('params' in m && (typeof m.params !== 'object' || m.params === null)) return { id, reason: 'params must be an object' };
    return undefined;
  }
  if (id === null) return { id: null, reason: 'a response needs a string or number id' };
  if ('result' in m) return typeof m.result === 'object' && m.result !== null ? undefined : { id, reason: 'result must be an object' };
  if ('error' in m) {
    const error = m.error as Record<string, unknown> | null;
    return error && typeof error === 'object' && typeof error.code === 'number' && typeof error.message === 'string'
      ? undefined
      : { id, reason: 'error must have a numeric code and a message' };
  }
  return { id, reason: 'neither method, result nor error' };
}
