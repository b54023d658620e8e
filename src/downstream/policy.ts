/**
 * The numbers that govern one connection, with their defaults applied, and the back-off curve.
 *
 * The catalog loader leaves `restart`, `maxQueue` and `maxMessageBytes` out of an entry unless the
 * catalog sets them, so entries built by hand (tests, other tools) keep working; this is the one
 * place where their defaults meet the entry.
 */
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_QUEUE, RESTART_DEFAULTS, type ServerEntry } from '../config/schema.js';

export interface RestartPolicy {
  /** Consecutive failed attempts before the breaker opens; 0 never restarts. @default 5 */
  maxRetries: number;
  /** First back-off delay, ms. @default 500 */
  initialDelay: number;
  /** Back-off cap, ms. @default 30000 */
  maxDelay: number;
  /** Open breaker → one attempt after this long, ms; 0 stays open. @default 300000 */
  cooldown: number;
  /** Ready this long → failures forgotten, ms. @default 60000 */
  resetAfter: number;
}

export interface ConnectionLimits {
  restart: RestartPolicy;
  /** Requests waiting for a slot before OVERLOADED. @default 128 */
  maxQueue: number;
  /** Largest downstream message, bytes. @default 16 MiB */
  maxMessageBytes: number;
}

export function limitsOf(entry: ServerEntry): ConnectionLimits {
  return {
    restart: { ...RESTART_DEFAULTS, ...withoutUndefined(entry.restart ?? {}) },
    maxQueue: entry.maxQueue ?? DEFAULT_MAX_QUEUE,
    maxMessageBytes: entry.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES,
  };
}

/** Share of the delay that jitter may add or remove. */
const JITTER = 0.2;

/**
 * Delay before attempt number `failures` (1 = after the first failure): `initialDelay · 2^(n-1)`,
 * capped at `maxDelay`, then ±20 % jitter so a fleet of crashed servers does not restart in step.
 */
export function backoffDelay(policy: Pick<RestartPolicy, 'initialDelay' | 'maxDelay'>, failures: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const base = Math.min(policy.maxDelay, policy.initialDelay * 2 ** exponent);
  const jittered = base * (1 - JITTER + 2 * JITTER * random());
  return Math.max(0, Math.round(Math.min(jittered, policy.maxDelay)));
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
