import { describe, expect, it } from 'vitest';
import { LogRateLimiter } from '../../../src/upstream/log-limiter.js';

describe('LogRateLimiter', () => {
  it('lets a burst through, then the sustained rate, and counts the rest', () => {
    let now = 0;
    const limiter = new LogRateLimiter({ perSecond: 10, burst: 5, reportEveryMs: 1000, now: () => now });
    const relayed = Array.from({ length: 20 }, () => limiter.admit('flood').relay).filter(Boolean).length;
    expect(relayed).toBe(5);
    expect(limiter.droppedTotal.get('flood')).toBe(15);
    // 100 ms later one more token has come: it goes out, carrying the count of what was dropped.
    now = 100;
    expect(limiter.admit('flood')).toEqual({ relay: true, droppedBefore: 15 });
    expect(limiter.admit('flood')).toEqual({ relay: false });
  });

  it('reports drops at most once per interval, and keeps servers apart', () => {
    let now = 0;
    const limiter = new LogRateLimiter({ perSecond: 10, burst: 1, reportEveryMs: 1000, now: () => now });
    limiter.admit('a');
    limiter.admit('a'); // dropped
    expect(limiter.admit('b')).toEqual({ relay: true, droppedBefore: 0 });
    now = 100;
    expect(limiter.admit('a')).toEqual({ relay: true, droppedBefore: 1 });
    limiter.admit('a'); // dropped
    now = 200;
    // Within the interval: relayed, the new drop kept for the next report.
    expect(limiter.admit('a')).toEqual({ relay: true, droppedBefore: 0 });
    now = 1200;
    expect(limiter.admit('a')).toEqual({ relay: true, droppedBefore: 1 });
  });

  it('never lets more than burst + rate × elapsed through', () => {
    let now = 0;
    const limiter = new LogRateLimiter({ perSecond: 50, burst: 200, now: () => now });
    let relayed = 0;
    for (let i = 0; i < 200_000; i++) {
      now = i * 0.06; // 200k messages in 12 s
      if (limiter.admit('s').relay) relayed++;
    }
    expect(relayed).toBeLessThanOrEqual(200 + 50 * 12 + 1);
    expect(relayed).toBeGreaterThanOrEqual(200 + 50 * 11);
  });
});
