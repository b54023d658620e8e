/**
 * The policy shared by every way output reaches a host (stdio, HTTP streams): past a bound of
 * bytes the host has not taken, log messages are dropped, answers and everything else are kept,
 * and a host that stays past it for a while is disconnected.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';

/** Unread output past which log messages are dropped. */
export const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** How long a host may stay past the bound before it is disconnected, in ms. */
export const DEFAULT_STALL_TIMEOUT = 30_000;

/** Messages that may be dropped for a host that does not read: logs, never answers. */
export function isDroppable(message: JSONRPCMessage): boolean {
  return 'method' in message && !('id' in message) && message.method === 'notifications/message';
}
