/**
 * Log messages from a server (`notifications/message`) are relayed at a bounded rate per server:
 * a token bucket of `burst` messages refilled at `perSecond`. What is over the rate is dropped and
 * counted, and the count is reported (at most once per `reportEveryMs`) with a message let
 * through, so a flooding server costs the hosts a few lines a second and nobody is left guessing.
 */
export interface LogLimiterOptions {
  /** Sustained messages per second per server. @default 50 */
  perSecond?: number;
  /** Messages a server may send at once before the rate applies. @default 200 */
  burst?: number;
  /** Least time between two reports of dropped messages for one server. @default 10000 */
  reportEveryMs?: number;
  /** Clock in ms (tests). @default Date.now */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
  dropped: number;
  reportedAt: number;
}

export type LogVerdict = { relay: false } | { relay: true; droppedBefore: number };

export class LogRateLimiter {
  readonly #perSecond: number;
  readonly #burst: number;
  readonly #now: () => number;
  readonly #reportEveryMs: number;
  readonly #buckets = new Map<string, Bucket>();
  /** Over the gateway's life, per server. */
  readonly droppedTotal = new Map<string, number>();

  constructor(options: LogLimiterOptions = {}) {
    this.#perSecond = options.perSecond ?? 50;
    this.#burst = options.burst ?? 200;
    this.#now = options.now ?? Date.now;
    this.#reportEveryMs = options.reportEveryMs ?? 10_000;
  }

  /** Whether this message of `serverId` goes out, and how many were dropped since the last report (0: nothing to report yet). */
  admit(serverId: string): LogVerdict {
    const now = this.#now();
    const bucket = this.#buckets.get(serverId) ?? { tokens: this.#burst, at: now, dropped: 0, reportedAt: -Infinity };
    bucket.tokens = Math.min(this.#burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#perSecond);
    bucket.at = now;
    this.#buckets.set(serverId, bucket);
    if (bucket.tokens < 1) {
      bucket.dropped++;
      this.droppedTotal.set(serverId, (this.droppedTotal.get(serverId) ?? 0) + 1);
      return { relay: false };
    }
    bucket.tokens -= 1;
    if (bucket.dropped === 0 || now - bucket.reportedAt < this.#reportEveryMs) return { relay: true, droppedBefore: 0 };
    const droppedBefore = bucket.dropped;
    bucket.dropped = 0;
    bucket.reportedAt = now;
    return { relay: true, droppedBefore };
  }
}
