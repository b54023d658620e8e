/**
 * When to try a failed server again: capped exponential back-off with jitter, and a circuit
 * breaker that stops a crash loop.
 *
 * Every failure (a crash, a lost remote session, a failed start) counts. Until `maxRetries`
 * consecutive failures the next attempt is scheduled after `backoffDelay`; then the breaker opens,
 * and only one attempt per `cooldown` is let through (half-open) until one succeeds. A connection
 * that stays ready for `resetAfter` has its failures forgotten. In between, nothing runs: one
 * timer at most, so a crash-looping server costs no CPU. Warnings are limited to
 * `maxLogLinesPerMinute`; the rest are counted and summarized in the next line that goes out.
 */
import type { Logger } from '../log.js';
import { backoffDelay, type RestartPolicy } from './policy.js';

export type BreakerState = 'closed' | 'open' | 'half-open';

/** How often a server waiting for a login tries again (locally: its token store says no). */
const LOGIN_POLL_MS = 5_000;

export interface SupervisorOptions {
  policy: RestartPolicy;
  logger: Logger;
  /** Make the next attempt (the connection serializes it with stop). */
  attempt: () => void;
  /** Warnings per minute about this server's failures. @default 6 */
  maxLogLinesPerMinute?: number;
  random?: () => number;
}

export type FailureOutcome = { next: 'restarting'; delayMs: number } | { next: 'failed'; retryInMs: number | undefined };

export class RestartSupervisor {
  /** Consecutive failures since the last stable period. */
  failures = 0;
  /** Attempts made after a failure (restarts), over the connection's life. */
  restarts = 0;
  breaker: BreakerState = 'closed';
  /** Epoch ms of the next scheduled attempt. */
  nextAttemptAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private windowStart = 0;
  private linesInWindow = 0;
  private suppressed = 0;

  constructor(private readonly options: SupervisorOptions) {}

  /** Something failed; schedules the next attempt (or not) and says which state to show. */
  failed(reason: string, { immediate = false } = {}): FailureOutcome {
    this.cancel();
    this.failures++;
    const { policy } = this.options;
    if (this.breaker === 'half-open' || this.failures > policy.maxRetries) {
      this.breaker = 'open';
      const retryInMs = policy.cooldown > 0 ? policy.cooldown : undefined;
      if (retryInMs !== undefined) this.schedule(retryInMs, 'half-open');
      const when = retryInMs !== undefined ? `one more attempt in ${Math.round(retryInMs / 1000)} s` : 'restart it by hand';
      this.warn(`${reason}; ${this.failures} failure(s) in a row, breaker open: ${when}`);
      return { next: 'failed', retryInMs };
    }
    const delayMs = immediate && this.failures === 1 ? 0 : backoffDelay(policy, this.failures, this.options.random);
    this.schedule(delayMs, 'closed');
    this.warn(`${reason}; restart ${this.failures}/${policy.maxRetries} in ${delayMs} ms`);
    return { next: 'restarting', delayMs };
  }

  /**
   * The server needs an operator to log in (OAuth): that is not a crash, so it neither counts
   * towards the breaker nor backs off. One quiet local attempt every `everyMs` picks the login up.
   */
  needsLogin(reason: string, everyMs = LOGIN_POLL_MS): void {
    this.cancel();
    this.warn(reason);
    this.schedule(everyMs, this.breaker, { counts: false });
  }

  /** The connection is ready: after `resetAfter` of it, failures are forgotten. */
  ready(): void {
    clearTimeout(this.stableTimer);
    if (this.breaker === 'half-open') this.breaker = 'closed';
    this.stableTimer = setTimeout(() => {
      this.failures = 0;
      this.breaker = 'closed';
    }, this.options.policy.resetAfter);
    this.stableTimer.unref();
  }

  /** Forget everything (an explicit restart by an operator). */
  reset(): void {
    this.cancel();
    this.failures = 0;
    this.breaker = 'closed';
  }

  /** No attempt will be made until the next `failed`. */
  cancel(): void {
    clearTimeout(this.timer);
    clearTimeout(this.stableTimer);
    this.timer = undefined;
    this.stableTimer = undefined;
    this.nextAttemptAt = undefined;
  }

  private schedule(ms: number, breaker: BreakerState, { counts = true } = {}): void {
    this.nextAttemptAt = Date.now() + ms;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.nextAttemptAt = undefined;
      if (breaker === 'half-open') this.breaker = 'half-open';
      if (counts) this.restarts++;
      this.options.attempt();
    }, ms);
  }

  private warn(line: string): void {
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.linesInWindow = 0;
    }
    if (this.linesInWindow >= (this.options.maxLogLinesPerMinute ?? 6)) {
      this.suppressed++;
      return;
    }
    this.linesInWindow++;
    const extra = this.suppressed > 0 ? ` (${this.suppressed} similar line(s) suppressed)` : '';
    this.suppressed = 0;
    this.options.logger.warn(`${line}${extra}`);
  }
}
