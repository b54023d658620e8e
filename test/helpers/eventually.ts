/**
 * The one way tests wait for something that has no event to await: poll `check` until it
 * returns a truthy value. The deadline only bounds a test that would otherwise hang; nothing
 * asserts on how long it took. A `check` that throws is retried, and its last error is reported.
 */
export interface EventuallyOptions {
  /** Give up after this many ms (only so a broken test fails instead of hanging). @default 10000 */
  timeout?: number;
  /** Poll every this many ms. @default 25 */
  interval?: number;
  /** What is waited for, for the error. @default 'condition' */
  what?: string;
}

export async function eventually<T>(check: () => T | Promise<T>, options: EventuallyOptions | number = {}, what?: string): Promise<NonNullable<T>> {
  const { timeout = 10_000, interval = 25, what: label = what ?? 'condition' } = typeof options === 'number' ? { timeout: options } : options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label} (${timeout} ms)${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}
