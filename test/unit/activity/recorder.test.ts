import { describe, expect, it } from 'vitest';
import { ActivityRecorder } from '../../../src/activity/recorder.js';
import { RingBuffer } from '../../../src/shared/ring-buffer.js';

describe('RingBuffer', () => {
  it('keeps the last items up to its capacity, oldest first', () => {
    const ring = new RingBuffer<number>(3);
    for (const n of [1, 2, 3, 4, 5]) ring.push(n);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
  });
});

describe('ActivityRecorder', () => {
  it('lists calls in flight, then keeps errors newest first and latency per tool', () => {
    let now = 1_000;
    const recorder = new ActivityRecorder({ now: () => now, errors: 2 });
    const ends: string[] = [];
    recorder.on('end', (call) => ends.push(`${call.name}:${call.outcome}`));
    const a = recorder.begin({ serverId: 's', method: 'tools/call', name: 'echo' });
    const b = recorder.begin({ serverId: 's', method: 'tools/call', name: 'fail' });
    now += 30;
    expect(recorder.snapshot().live.map((c) => [c.name, c.elapsedMs])).toEqual([
      ['echo', 30],
      ['fail', 30],
    ]);
    a('ok');
    a('error', 'ignored: a call ends once');
    now += 10;
    b('tool-error', 'x'.repeat(400));
    recorder.begin({ serverId: 't', method: 'resources/read', name: 'file:///a' })('error', 'second');
    recorder.begin({ serverId: 't', method: 'ping' })('error', 'third');
    const snapshot = recorder.snapshot();
    expect(snapshot.liveCount).toBe(0);
    expect(snapshot.recentErrors.map((e) => e.message)).toEqual(['third', 'second']);
    expect(ends).toEqual(['echo:ok', 'fail:tool-error', 'file:///a:error', 'undefined:error']);
    expect(snapshot.latency.map((row) => [row.serverId, row.name, row.calls, row.errors, row.maxMs])).toEqual([
      ['s', 'echo', 1, 0, 30],
      ['s', 'fail', 1, 1, 40],
      ['t', 'file:///a', 1, 1, 0],
      ['t', 'ping', 1, 1, 0],
    ]);
  });

  it('cuts long error messages and forgets the least recently used tool past its bound', () => {
    const recorder = new ActivityRecorder({ keys: 2 });
    recorder.begin({ serverId: 's', method: 'tools/call', name: 'a' })('tool-error', 'y'.repeat(1000));
    recorder.begin({ serverId: 's', method: 'tools/call', name: 'b' })('ok');
    recorder.begin({ serverId: 's', method: 'tools/call', name: 'a' })('ok');
    recorder.begin({ serverId: 's', method: 'tools/call', name: 'c' })('ok');
    const snapshot = recorder.snapshot();
    expect(snapshot.latency.map((row) => row.name)).toEqual(['a', 'c']);
    expect(snapshot.recentErrors[0]?.message).toHaveLength(301);
  });

  it('reports percentiles over the samples it keeps', () => {
    let now = 0;
    const recorder = new ActivityRecorder({ now: () => now });
    for (let ms = 1; ms <= 100; ms += 1) {
      const end = recorder.begin({ serverId: 's', method: 'tools/call', name: 'echo' });
      now += ms;
      end('ok');
    }
    expect(recorder.snapshot().latency[0]).toMatchObject({ calls: 100, p50Ms: 50, p95Ms: 95, maxMs: 100, meanMs: 50.5 });
  });
});
