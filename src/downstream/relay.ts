/**
 * One request relayed over a live connection: deadline, progress, cancellation, and the error
 * the caller sees when it fails.
 *
 * The SDK sends `notifications/cancelled` when its per-request timeout fires or the caller's signal
 * aborts, but not when `maxTotalTimeout` ends a request (its progress path just rejects): that
 * cancellation is sent here, with the id the server saw. A failure that means the whole connection
 * is lost (EPIPE, an oversized message, a remote session gone) is reported to the owner, which
 * recycles the connection; the request itself is never replayed.
 */
import { GatewayError } from '../errors.js';
import type { ServerEntry } from '../config/schema.js';
import type { Client } from '@modelcontextprotocol/client';
import type { GuardedTransport } from './guarded-transport.js';
import { lossOf, translateRequestError } from './failures.js';
import { LooseResultSchema, type LooseResult } from './lists.js';
import { requestWithId } from './sdk-seams.js';
import type { RelayOptions } from './types.js';

export interface RelayRequest {
  method: string;
  params: Record<string, unknown> | undefined;
  opts: RelayOptions;
  entry: ServerEntry;
  maxMessageBytes: number;
  /** Extra HTTP headers of this request (SEP-2243 `Mcp-Param-*`); ignored by stdio. */
  headers?: Record<string, string>;
}

export interface RelayOwner {
  /** Whether `active` is still the connection's live client. */
  isLive: () => boolean;
  /** Why the connection went away, for the error message. */
  reason: () => string | undefined;
  /** The connection as a whole is lost. */
  onLoss: (loss: { reason: string; immediate?: boolean }) => void;
}

/** The live client and the transport under it (for the id the server sees). */
export interface RelayLink {
  client: Client;
  transport: GuardedTransport;
}

export async function relay(active: RelayLink, request: RelayRequest, owner: RelayOwner): Promise<LooseResult> {
  const { method, params, opts, entry } = request;
  const timeout = opts.timeout ?? entry.timeout;
  let downstreamId: string | number | undefined;
  try {
    const sent = requestWithId(active.client, active.transport, { method, ...(params ? { params } : {}) }, LooseResultSchema, {
      timeout,
      resetTimeoutOnProgress: true,
      maxTotalTimeout: entry.maxTotalTimeout,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onprogress ? { onprogress: opts.onprogress } : {}),
      ...(opts.allowInputRequired === true && { allowInputRequired: true }),
      ...(request.headers ? { headers: request.headers } : {}),
    });
    downstreamId = sent.id;
    return await sent.response;
  } catch (error) {
    const translated = translateRequestError(error, {
      serverId: entry.id,
      method,
      timeout,
      maxTotalTimeout: entry.maxTotalTimeout,
      connectionLost: !owner.isLive(),
      reason: owner.reason(),
      signal: opts.signal,
    });
    if (translated instanceof GatewayError && translated.facts.total === true && downstreamId !== undefined) {
      const cancelled = { method: 'notifications/cancelled', params: { requestId: downstreamId, reason: translated.message } };
      void active.client.notification(cancelled).catch(() => undefined);
    }
    const loss = owner.isLive() ? lossOf(error, request.maxMessageBytes) : undefined;
    if (loss) owner.onLoss(loss);
    throw translated;
  }
}
