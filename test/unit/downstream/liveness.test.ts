import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LivenessMonitor, type LivenessOptions } from '../../../src/downstream/liveness.js';

/** A ping that answers when told to (or never). */
function pinger() {
  const pings: { resolve: () => void; reject: (e: Error) => void }[] = [];
  const ping = vi.fn(
    (timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('ping timeout')), timeoutMs);
        pings.push({ resolve: () => (clearTimeout(timer), resolve()), reject });
      }),
  );
  return { ping, pings };
}

describe('LivenessMonitor', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const make = (overrides: Partial<LivenessOptions> = {}) => {
    const { ping, pings } = pinger();
    const onDead = vi.fn();
    const monitor = new LivenessMonitor({ intervalMs: 1_000, timeoutMs: 200, afterTimeouts: 2, ping, onDead, ...overrides });
    return { monitor, ping, pings, onDead };
  };

  it('pings after the quiet period and keeps a server that answers', async () => {
    const { monitor, ping, pings, onDead } = make();
    await vi.advanceTimersByTimeAsync(999);
    expect(ping).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(ping).toHaveBeenCalledTimes(1);
    pings[0]?.resolve();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ping).toHaveBeenCalledTimes(2);
    expect(onDead).not.toHaveBeenCalled();
    monitor.stop();
  });

  it('does not ping while the server keeps answering', async () => {
    const { monitor, ping } = make();
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(900);
      monitor.alive();
    }
    expect(ping).not.toHaveBeenCalled();
    monitor.stop();
  });

  it('declares a server dead once when its ping gets no reply in time', async () => {
    const { ping, onDead } = make();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(onDead).toHaveBeenCalledTimes(1);
    expect(onDead.mock.calls[0]?.[0]).toMatch(/stopped answering: a ping \(quiet for 1000 ms\) got no reply within 200 ms/);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ping).toHaveBeenCalledTimes(1);
  });

  it('pings at once after consecutive request timeouts, not after one', async () => {
    const { monitor, ping, onDead } = make({ intervalMs: 0 });
    monitor.timedOut();
    expect(ping).not.toHaveBeenCalled();
    monitor.timedOut();
    expect(ping).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(onDead.mock.calls[0]?.[0]).toMatch(/2 requests in a row timed out/);
  });

  it('a success between timeouts resets the count; intervalMs 0 never pings on its own', async () => {
    const { monitor, ping } = make({ intervalMs: 0 });
    monitor.timedOut();
    monitor.alive();
    monitor.timedOut();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ping).not.toHaveBeenCalled();
    monitor.stop();
  });
});
