/**
 * Request handlers that report each host request to the hub's `RequestObserver` (see
 * request-events.ts): a record when it arrives, how it ended when it is answered. While nobody
 * listens the handler runs as it is, with one check per request.
 */
import { CLIENT_INFO_META_KEY, PROTOCOL_VERSION_META_KEY } from '@modelcontextprotocol/server';
import { WireError } from '../errors.js';
import type { Extra } from './inflight.js';
import type { HostRequest, Outcome, RequestObserver } from './request-events.js';
import type { RawRequestHandlers } from './sdk-seams.js';
import type { Session } from './session.js';

type Result = Record<string, unknown>;

/** `raw`, with every handler set on it observed by `observer`. */
export function observedHandlers(raw: RawRequestHandlers, session: Session, observer: RequestObserver | undefined): RawRequestHandlers {
  if (!observer) return raw;
  return {
    set(method, handler) {
      raw.set(method, async (request, extra) => {
        if (!observer.active) return handler(request, extra);
        const record = recordOf(method, request, extra, session);
        observer.begin(record, extra);
        try {
          const result = await handler(request, extra);
          observer.end(record, resultOutcome(method, result));
          return result;
        } catch (error) {
          observer.end(record, errorOutcome(error, extra));
          throw error;
        }
      });
    },
  };
}

function recordOf(method: string, request: unknown, extra: Extra, session: Session): HostRequest {
  const params = (request as { params?: Result } | null)?.params;
  return {
    method,
    requestId: extra.mcpReq.id,
    sessionId: extra.sessionId,
    meta: extra.mcpReq._meta as Result | undefined,
    params,
    target: targetOf(params),
    startedAt: performance.now(),
    client: () => clientOf(session, extra),
    slots: {},
  };
}

/** The advertised name or URI a request is about. */
function targetOf(params: Result | undefined): string | undefined {
  if (!params) return undefined;
  if (typeof params.name === 'string') return params.name;
  if (typeof params.uri === 'string') return params.uri;
  const ref = params.ref as { name?: unknown; uri?: unknown } | undefined;
  if (typeof ref?.name === 'string') return ref.name;
  if (typeof ref?.uri === 'string') return ref.uri;
  return undefined;
}

/** The host's name and protocol revision: from initialize (2025-11-25) or the request's envelope (2026-07-28). */
function clientOf(session: Session, extra: Extra): { name: string | undefined; protocolVersion: string | undefined } {
  if (session.context.era === 'modern') {
    const envelope = extra.mcpReq.envelope as Record<string, unknown> | undefined;
    const info = envelope?.[CLIENT_INFO_META_KEY] as { name?: unknown } | undefined;
    const version = envelope?.[PROTOCOL_VERSION_META_KEY];
    return { name: typeof info?.name === 'string' ? info.name : undefined, protocolVersion: typeof version === 'string' ? version : undefined };
  }
  // The SDK marks these accessors deprecated in favour of the envelope, which 2025-11-25 requests lack.
  return { name: session.server.getClientVersion()?.name, protocolVersion: session.server.getNegotiatedProtocolVersion() };
}

function resultOutcome(method: string, result: Result): Outcome {
  if (method === 'tools/call' && result.isError === true) return { outcome: 'tool_error', errorType: 'tool_error', result };
  return { outcome: 'ok', result };
}

/** An error's outcome: the local reason (`SERVER_UNAVAILABLE`, …) or the JSON-RPC code. */
export function errorOutcome(error: unknown, extra: Extra | undefined): Outcome {
  if (extra?.mcpReq.signal.aborted) return { outcome: 'cancelled', errorType: 'cancelled' };
  const code = error instanceof WireError ? error.code : (error as { code?: unknown } | null)?.code;
  const reason = error instanceof WireError ? (error.data as { reason?: unknown } | undefined)?.reason : undefined;
  const errorType = typeof reason === 'string' ? reason : typeof code === 'string' ? code : typeof code === 'number' ? String(code) : 'internal';
  return { outcome: 'error', errorType, ...(typeof code === 'number' ? { errorCode: code } : {}) };
}
