/**
 * Typed events of the requests the hub serves, for observers (metrics, traces, audit: see
 * src/telemetry/). One `request` pair per host request a handler serves, one `downstream` pair per
 * request it sends to a server on the host's behalf. Nobody listening costs one check per request:
 * no record is made, nothing is measured.
 *
 * Events are emitted synchronously, so a `downstream:start` listener may put keys into
 * `DownstreamRequest.meta` (W3C trace context) before the request leaves; the hub adds them to
 * the request's `_meta`. That is the one thing a listener may change.
 */
import { EventEmitter } from 'eventemitter3';
import type { Extra } from './inflight.js';

/** How a request ended: a result, a tool result with `isError`, an error, or the host gave up. */
export type RequestOutcome = 'ok' | 'tool_error' | 'error' | 'cancelled';

/** One host request being served. */
export interface HostRequest {
  /** `tools/call`, `resources/read`, … (only methods the gateway has handlers for). */
  readonly method: string;
  /** The JSON-RPC id the host gave it. */
  readonly requestId: string | number;
  /** The transport's session id (HTTP 2025-11-25 sessions); undefined over stdio and for 2026-07-28. */
  readonly sessionId: string | undefined;
  /** The host's request `_meta` (W3C trace context may be in it), untouched. */
  readonly meta: Readonly<Record<string, unknown>> | undefined;
  /** The request's params as the host sent them (arguments of a call, the URI of a read). */
  readonly params: Readonly<Record<string, unknown>> | undefined;
  /** What the host asked for: the advertised tool or prompt name, or the advertised URI. */
  readonly target: string | undefined;
  /** `performance.now()` when it arrived. */
  readonly startedAt: number;
  /** The host's name (clientInfo), and the protocol revision of its request. */
  client(): { name: string | undefined; protocolVersion: string | undefined };
  /** Set once routed: the owning server and the name (or URI) it knows the item by. */
  serverId?: string;
  original?: string;
  /** Free for observers' own per-request state (a span, …), keyed by observer. */
  readonly slots: Record<string, unknown>;
}

/** One request sent downstream on behalf of a host request. */
export interface DownstreamRequest {
  readonly host: HostRequest;
  readonly serverId: string;
  readonly method: string;
  readonly startedAt: number;
  /** Keys a listener wants added to the downstream request's `_meta` (e.g. `traceparent`). */
  meta?: Record<string, string>;
  readonly slots: Record<string, unknown>;
}

/** How a request ended. `result` is the raw result when there is one (sizes and digests are taken from it on demand). */
export interface RequestEnd {
  readonly outcome: RequestOutcome;
  /** For `error`: the local code (`SERVER_UNAVAILABLE`, …) or the JSON-RPC code as text; `tool_error` for a tool result with `isError`. */
  readonly errorType?: string;
  /** The JSON-RPC error code the host got, for `error`. */
  readonly errorCode?: number;
  readonly durationMs: number;
  readonly result?: Readonly<Record<string, unknown>>;
}

export interface RequestEvents {
  'request:start': [request: HostRequest];
  'request:end': [request: HostRequest, end: RequestEnd];
  'downstream:start': [request: DownstreamRequest];
  'downstream:end': [request: DownstreamRequest, end: RequestEnd];
}

/** The hub's request events, plus the bookkeeping that ties a handler's `extra` to its record. */
export class RequestObserver extends EventEmitter<RequestEvents> {
  readonly #byExtra = new WeakMap<Extra, HostRequest>();

  /** True when somebody listens: only then are records made. */
  get active(): boolean {
    return this.listenerCount('request:end') > 0 || this.listenerCount('request:start') > 0;
  }

  /** The record of the host request `extra` belongs to, when one is being kept. */
  of(extra: Extra): HostRequest | undefined {
    return this.#byExtra.get(extra);
  }

  begin(record: HostRequest, extra: Extra): void {
    this.#byExtra.set(extra, record);
    this.emit('request:start', record);
  }

  end(record: HostRequest, outcome: Outcome): void {
    this.emit('request:end', record, { ...outcome, durationMs: performance.now() - record.startedAt });
  }

  /**
   * A downstream request of `host` starts: returns the `_meta` keys listeners want it to carry
   * and the function that reports its end.
   */
  downstream(host: HostRequest, serverId: string, method: string): { meta: Record<string, string> | undefined; end: (outcome: Outcome) => void } {
    const record: DownstreamRequest = { host, serverId, method, startedAt: performance.now(), slots: {} };
    this.emit('downstream:start', record);
    return {
      meta: record.meta,
      end: (outcome) => void this.emit('downstream:end', record, { ...outcome, durationMs: performance.now() - record.startedAt }),
    };
  }
}

/** A `RequestEnd` before its duration is known. */
export type Outcome = Omit<RequestEnd, 'durationMs'>;
