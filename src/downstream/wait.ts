/**
 * Waiting for something within a budget: a request that starts an asleep server waits for the
 * start no longer than its own timeout, and not at all once it is cancelled.
 */
export type WaitOutcome = 'done' | 'timeout' | 'aborted';

/** Settles when `promise` settles, `ms` pass or `signal` aborts, whichever is first; never rejects. */
export async function waitBounded(promise: Promise<unknown>, ms: number, signal?: AbortSignal): Promise<WaitOutcome> {
  if (signal?.aborted) return 'aborted';
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  try {
    return await Promise.race([
      promise.then(
        () => 'done' as const,
        () => 'done' as const,
      ),
      new Promise<WaitOutcome>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms))),
      new Promise<WaitOutcome>((resolve) => signal?.addEventListener('abort', (onAbort = () => resolve('aborted')), { once: true })),
    ]);
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}
