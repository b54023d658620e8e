/**
 * What the gateway's servers are doing, in memory and bounded: the requests in flight now, the
 * last errors, and latency per (server, tool). The composition root reports every routed request
 * here (`begin`, then the returned `end`); the dashboard reads `snapshot()`, and anything else
 * that wants the raw events (metrics, traces, an audit trail) listens to `start` and `end`.
 * No I/O; the clock is injected.
 */
import { EventEmitter } from 'eventemitter3';
import { RingBuffer } from '../shared/ring-buffer.js';

/** How a routed request ended: a result, a tool result with `isError`, or an error. */
export type CallOutcome = 'ok' | 'tool-error' | 'error';

export interface CallStart {
  serverId: string;
  /** The MCP method sent to the server (`tools/call`, `resources/read`, …). */
  method: string;
  /** The tool or prompt name as the server knows it, or the resource URI; absent for other methods. */
  name?: string;
}

export interface LiveCall extends CallStart {
  id: number;
  /** ms since the epoch. */
  startedAt: number;
}

export interface FinishedCall extends LiveCall {
  durationMs: number;
  outcome: CallOutcome;
  /** The error message or the tool error's first text, cut to {@link MAX_MESSAGE} characters. */
  message?: string;
}

/** Latency of one (server, name or method). Percentiles over its last {@link SAMPLES} calls. */
export interface LatencyRow {
  serverId: string;
  /** The tool (or prompt, or URI); the method when the request has no name. */
  name: string;
  method: string;
  calls: number;
  errors: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface ActivitySnapshot {
  /** The oldest {@link MAX_LIVE_LISTED} requests in flight. */
  live: (LiveCall & { elapsedMs: number })[];
  /** How many are in flight in all. */
  liveCount: number;
  /** The last errors, newest first. */
  recentErrors: FinishedCall[];
  /** By server then name. */
  latency: LatencyRow[];
}

export interface ActivityEvents {
  start: [call: LiveCall];
  end: [call: FinishedCall];
}

export interface ActivityOptions {
  /** ms since the epoch. @default Date.now */
  now?: () => number;
  /** Errors kept. @default 50 */
  errors?: number;
  /** Distinct (server, name) pairs with latency kept; past it the least recently used goes. @default 1000 */
  keys?: number;
}

const MAX_MESSAGE = 300;
const SAMPLES = 100;
const MAX_LIVE_LISTED = 100;

interface Stat {
  serverId: string;
  name: string;
  method: string;
  calls: number;
  errors: number;
  totalMs: number;
  maxMs: number;
  samples: RingBuffer<number>;
}

export class ActivityRecorder extends EventEmitter<ActivityEvents> {
  readonly #now: () => number;
  readonly #live = new Map<number, LiveCall>();
  readonly #errors: RingBuffer<FinishedCall>;
  readonly #stats = new Map<string, Stat>();
  readonly #maxKeys: number;
  #nextId = 1;

  constructor(options: ActivityOptions = {}) {
    super();
    this.#now = options.now ?? Date.now;
    this.#errors = new RingBuffer(options.errors ?? 50);
    this.#maxKeys = options.keys ?? 1000;
  }

  /** Records the start of a request; call the returned function once when it ends (later calls do nothing). */
  begin(start: CallStart): (outcome: CallOutcome, message?: string) => void {
    const call: LiveCall = { ...start, id: this.#nextId++, startedAt: this.#now() };
    this.#live.set(call.id, call);
    this.emit('start', call);
    return (outcome, message) => {
      if (!this.#live.delete(call.id)) return;
      const finished: FinishedCall = { ...call, durationMs: Math.max(0, this.#now() - call.startedAt), outcome };
      if (message !== undefined) finished.message = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
      this.#count(finished);
      if (outcome !== 'ok') this.#errors.push(finished);
      this.emit('end', finished);
    };
  }

  snapshot(): ActivitySnapshot {
    const now = this.#now();
    const live = [...this.#live.values()].slice(0, MAX_LIVE_LISTED).map((call) => ({ ...call, elapsedMs: Math.max(0, now - call.startedAt) }));
    const latency = [...this.#stats.values()]
      .map((stat): LatencyRow => {
        const sorted = stat.samples.toArray().sort((a, b) => a - b);
        return {
          serverId: stat.serverId,
          name: stat.name,
          method: stat.method,
          calls: stat.calls,
          errors: stat.errors,
          meanMs: stat.totalMs / stat.calls,
          p50Ms: percentile(sorted, 0.5),
          p95Ms: percentile(sorted, 0.95),
          maxMs: stat.maxMs,
        };
      })
      .sort((a, b) => a.serverId.localeCompare(b.serverId) || a.name.localeCompare(b.name));
    return { live, liveCount: this.#live.size, recentErrors: this.#errors.toArray().reverse(), latency };
  }

  #count(call: FinishedCall): void {
    const name = call.name ?? call.method;
    const key = `${call.serverId}\0${call.method}\0${name}`;
    let stat = this.#stats.get(key);
    if (stat) this.#stats.delete(key);
    else stat = { serverId: call.serverId, name, method: call.method, calls: 0, errors: 0, totalMs: 0, maxMs: 0, samples: new RingBuffer(SAMPLES) };
    // Re-inserted last: the map's first key is the least recently used.
    this.#stats.set(key, stat);
    while (this.#stats.size > this.#maxKeys) this.#stats.delete(this.#stats.keys().next().value as string);
    stat.calls += 1;
    if (call.outcome !== 'ok') stat.errors += 1;
    stat.totalMs += call.durationMs;
    stat.maxMs = Math.max(stat.maxMs, call.durationMs);
    stat.samples.push(call.durationMs);
  }
}

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}
