/**
 * Where the client side relies on how the SDK (`@modelcontextprotocol/client` 2.x) behaves beyond
 * its typed API, in one place. Each function names the behaviour it depends on, and
 * test/integration/downstream/sdk-seams.test.ts pins every one against the installed SDK, so an
 * upgrade that changes one fails there first.
 */
import { SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import type { Client, RequestOptions, RequestId, StandardSchemaV1 } from '@modelcontextprotocol/client';

/** A transport that remembers the id of the last request it sent (see `GuardedTransport`). */
export interface RequestIdRecorder {
  readonly lastRequestId: RequestId | undefined;
}

/**
 * Sends a request and returns, with its response, the JSON-RPC id the server sees (needed to
 * cancel it ourselves). Relies on `Protocol.request` assigning the id and calling
 * `transport.send` synchronously, before its first `await`.
 */
export function requestWithId<T extends StandardSchemaV1>(
  client: Client,
  transport: RequestIdRecorder,
  request: { method: string; params?: Record<string, unknown> },
  schema: T,
  options: RequestOptions,
): { response: Promise<StandardSchemaV1.InferOutput<T>>; id: RequestId | undefined } {
  const before = transport.lastRequestId;
  const response = client.request(request, schema, options);
  const id = transport.lastRequestId;
  return { response, id: id !== before ? id : undefined };
}

/**
 * The SDK rejects a request or notification on a client without a transport (never connected,
 * or closed) with `SdkError(NotConnected)`, except `request()`, which still rejects with a plain
 * `Error('Not connected')` that no class or code tells apart.
 */
export function isNotConnected(error: unknown): boolean {
  if (error instanceof SdkError) return error.code === SdkErrorCode.NotConnected;
  return error instanceof Error && error.message === 'Not connected';
}

/**
 * The Streamable HTTP client transport reports giving up on re-opening its event stream (after
 * `reconnectionOptions.maxRetries`) only as an `onerror` with this text.
 */
export function isReconnectGiveUp(error: unknown): boolean {
  return error instanceof Error && /^Maximum reconnection attempts \(\d+\) exceeded/.test(error.message);
}

/**
 * Whether the SDK itself timed a request out, as opposed to a server answering -32001: its own
 * timeouts carry `{ timeout }` (per-request) or `{ maxTotalTimeout }` (total) as `data`.
 * Returns which one, or undefined for any other error.
 */
export function localTimeoutOf(error: unknown): { total: boolean } | undefined {
  if (!(error instanceof SdkError) || error.code !== SdkErrorCode.RequestTimeout) return undefined;
  const data = error.data as Record<string, unknown> | undefined;
  if (data === undefined || typeof data !== 'object') return undefined;
  if ('maxTotalTimeout' in data) return { total: true };
  if ('timeout' in data) return { total: false };
  return undefined;
}
