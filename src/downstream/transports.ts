/**
 * What the connection needs to know about transports; each kind lives in `transports/`.
 *
 * `auto` is not a transport but an order of attempts (`transportAttempts`): the connection tries
 * Streamable HTTP and, when the server answers with a 4xx, falls back to SSE.
 */
import { SseError, SdkHttpError } from '@modelcontextprotocol/client';
import type { ServerEntry } from '../config/schema.js';
import type { TransportKind } from './transports/factory.js';

export type { ChildExit } from './stdio-transport.js';
export type { CreatedTransport, RemoteFetchWrapper, TransportContext, TransportFactory, TransportKind } from './transports/factory.js';
export { resolveCommand } from './transports/stdio.js';

/** The transports to try, in order, for `entry`. */
export function transportAttempts(entry: ServerEntry): TransportKind[] {
  if (entry.kind === 'stdio') return ['stdio'];
  return entry.transport === 'auto' ? ['streamable-http', 'sse'] : [entry.transport];
}

/** Whether a failed Streamable HTTP attempt means "this is a legacy SSE server" (spec: any 4xx). */
export function shouldFallBackToSse(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status !== undefined && status >= 400 && status < 500;
}

/** HTTP status carried by an SDK transport error, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof SdkHttpError) return error.status;
  if (error instanceof SseError) return error.code;
  return undefined;
}

/**
 * `https://user:pass@host/mcp`: fetch refuses URLs with credentials, so they become a Basic
 * `Authorization` header (unless the catalog sets one) and leave the URL.
 */
export function withUrlCredentials(url: URL, configured: Record<string, string>): { url: URL; headers: Record<string, string> } {
  const headers = { ...configured };
  if (url.username === '' && url.password === '') return { url, headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (!hasAuthorization) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return { url: bare, headers };
}

/** What an error message calls the server: its command, or its URL without secrets. */
export function describeTarget(entry: ServerEntry): string {
  return entry.kind === 'stdio' ? `"${entry.command}"` : redactUrl(new URL(entry.url));
}

/** A URL without credentials or query (tokens sometimes ride there). */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
