/**
 * Downstream stdio faults that concern the byte stream and the protocol: deadlines and
 * cancellation, progress, stderr floods, stdout garbage, framing, oversized replies, protocol
 * junk, and backpressure.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool } from '../downstream/helpers.js';
import { eventually, faultEntry, waitForState } from './helpers.js';

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

async function readyPool(...entries: Parameters<typeof faultEntry>[]): Promise<DownstreamPool> {
  const pool = makePool(
    entries.map((args) => faultEntry(...args)),
    pools,
  );
  await pool.start();
  return pool;
}

const stderrOf = (pool: DownstreamPool, id: string) => pool.get(id)?.status().stderrTail.join('\n') ?? '';

describe('stdio faults: stream and protocol', () => {
  it('times out a hung call at its deadline, sends notifications/cancelled with the downstream id, drops the late reply', async () => {
    const pool = await readyPool(['slowpoke', []]);
    // `hold` answers only when `flush` is called: the reply is late by construction, not by the clock.
    await expect(pool.request('slowpoke', 'tools/call', { name: 'hold', arguments: { n: 1 } }, { timeout: 150 })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      message: 'server "slowpoke" did not answer tools/call within 150 ms',
    });
    // Requests 0 and 1 were initialize and tools/list: the call was request 2.
    await eventually(() => stderrOf(pool, 'slowpoke').includes('cancelled 2'), { what: 'cancellation' });
    // The late reply comes in the same write as flush's own, just before it, and is dropped.
    await expect(pool.request('slowpoke', 'tools/call', { name: 'flush' })).resolves.toMatchObject({ content: [{ text: 'flushed' }] });
    expect(pool.get('slowpoke')?.state).toBe('ready');
    await expect(pool.request('slowpoke', 'tools/call', { name: 'echo', arguments: { n: 1 } })).resolves.toMatchObject({ structuredContent: { n: 1 } });
  });

  it('resets the deadline on progress up to maxTotalTimeout, then cancels downstream', async () => {
    // Real processes, generous margins (progress every 50 ms against a 300 ms deadline); the
    // deadline arithmetic itself is tested with fake timers in unit/downstream/deadlines.
    const pool = await readyPool(['prog', [], { maxTotalTimeout: 1200 }]);
    const progress: number[] = [];
    const ok = await pool.request(
      'prog',
      'tools/call',
      { name: 'slow', arguments: { ms: 600 } },
      { timeout: 300, onprogress: (p) => progress.push(p.progress) },
    );
    expect(ok).toMatchObject({ content: [{ text: 'slept 600' }] });
    expect(progress.length).toBeGreaterThanOrEqual(4);
    await expect(pool.request('prog', 'tools/call', { name: 'slow', arguments: { ms: 5000 } }, { timeout: 300, onprogress: () => {} })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      message: 'server "prog" did not finish tools/call within 1200 ms in total',
    });
    await eventually(() => /cancelled \d+/.test(stderrOf(pool, 'prog')), 1000, 'cancellation after maxTotalTimeout');
  });

  it('delivers a progress notification written in the same chunk as its result (typescript-sdk #2580)', async () => {
    const pool = await readyPool(['burst', []]);
    for (let i = 0; i < 20; i++) {
      const progress: number[] = [];
      await pool.request('burst', 'tools/call', { name: 'burst' }, { onprogress: (p) => progress.push(p.progress) });
      expect(progress).toEqual([1]);
    }
  });

  it('keeps answering through a stderr flood with a bounded tail and flat memory', async () => {
    const pool = await readyPool(['flood', ['--stderr-flood']]);
    await eventually(() => (pool.get('flood')?.status().stderrTail.length ?? 0) >= 5, { what: 'the flood under way' });
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 50; i++)
      await expect(pool.request('flood', 'tools/call', { name: 'echo', arguments: { i } })).resolves.toMatchObject({ structuredContent: { i } });
    const tail = pool.get('flood')?.status().stderrTail ?? [];
    expect(tail.length).toBeLessThanOrEqual(50);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(30 * 1024 * 1024);
  });

  it('drops and counts stdout garbage (banner, half JSON, non-UTF-8, non-JSON-RPC JSON) with one warning', async () => {
    const warnings: string[] = [];
    const logger = { error: () => {}, info: () => {}, debug: () => {}, warn: (line: string) => void warnings.push(line), child: () => logger };
    const { DownstreamPool } = await import('../../../src/downstream/pool.js');
    const pool = new DownstreamPool([faultEntry('noisy', ['--banner'])], { clientInfo: { name: 't', version: '0' } }, logger);
    pools.push(pool);
    await pool.start();
    expect(pool.ready('noisy')).toBe(true);
    await expect(pool.request('noisy', 'tools/call', { name: 'garbage' })).resolves.toMatchObject({ content: [{ text: 'after garbage' }] });
    await expect(pool.request('noisy', 'tools/call', { name: 'garbage' })).resolves.toMatchObject({ content: [{ text: 'after garbage' }] });
    // banner + 2 × (text, half JSON, non-UTF-8, {"surprise"}, [1,2,3]); empty lines are not counted
    expect(pool.get('noisy')?.status().droppedLines).toBe(11);
    expect(warnings.filter((w) => w.includes('not JSON-RPC'))).toHaveLength(1);
  });

  it.each([
    ['chunked', 300_000],
    ['byte', 3_000],
    ['crlf', 10_000],
  ])('reassembles a %s reply of %i bytes exactly', async (mode, bytes) => {
    const pool = await readyPool(['framer', []]);
    const result = await pool.request('framer', 'tools/call', { name: 'huge', arguments: { bytes, mode } });
    expect((result.content as Array<{ text: string }>)[0]?.text).toBe('h'.repeat(bytes));
  });

  it('keeps order and routing when several replies arrive in one write', async () => {
    const pool = await readyPool(['batch', []]);
    // Sent in this order down one pipe (the queue starts them in order), so flush comes last.
    const held = [1, 2, 3].map((n) => pool.request('batch', 'tools/call', { name: 'hold', arguments: { n } }));
    const flushed = await pool.request('batch', 'tools/call', { name: 'flush' });
    expect(flushed).toMatchObject({ content: [{ text: 'flushed' }] });
    expect((await Promise.all(held)).map((r) => (r.content as Array<{ text: string }>)[0]?.text)).toEqual(['held 1', 'held 2', 'held 3']);
  });

  it('fails an oversized reply clearly, recycles only that server, and memory returns to baseline', async () => {
    const pool = await readyPool(['big', [], { maxMessageBytes: 64 * 1024 }], ['small', []]);
    const before = process.memoryUsage().heapUsed;
    const error = await pool.request('big', 'tools/call', { name: 'huge', arguments: { bytes: 2_000_000 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringContaining('response exceeds 65536 bytes (maxMessageBytes)') });
    expect((error as Error).message).toContain('server "big"');
    expect(pool.ready('small')).toBe(true);
    await waitForState(pool, 'big', 'ready');
    expect(pool.get('big')?.status().restarts).toBe(1);
    await expect(pool.request('big', 'tools/call', { name: 'echo', arguments: { fits: true } })).resolves.toMatchObject({ structuredContent: { fits: true } });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('ignores protocol junk (unknown id, duplicate response, id null) without misrouting', async () => {
    const pool = await readyPool(['junk', []]);
    const [junk, echo] = await Promise.all([
      pool.request('junk', 'tools/call', { name: 'junk' }),
      pool.request('junk', 'tools/call', { name: 'echo', arguments: { mine: true } }),
    ]);
    expect(junk).toMatchObject({ content: [{ text: 'real' }] });
    expect(echo).toMatchObject({ structuredContent: { mine: true } });
    // `id: null` does not even parse as a JSON-RPC message here: dropped as a bad line (or, if a
    // future schema accepts it, as a response without a usable id).
    const status = pool.get('junk')?.status();
    expect(status?.state).toBe('ready');
    expect((status?.droppedLines ?? 0) + (status?.droppedResponses ?? 0)).toBe(1);
  });

  it('fails the excess fast with OVERLOADED beyond maxConcurrency + maxQueue, and serves the rest', async () => {
    const pool = await readyPool(['busy', [], { maxConcurrency: 4, maxQueue: 8 }], ['other', []]);
    const calls = Array.from({ length: 40 }, (_, i) =>
      pool.request('busy', 'tools/call', { name: 'slow', arguments: { ms: 100 } }).then(
        () => 'ok',
        (error: { code?: string; message?: string }) => (i === 39 ? error.message : error.code),
      ),
    );
    await expect(pool.request('other', 'tools/call', { name: 'echo', arguments: {} })).resolves.toBeDefined();
    const outcomes = await Promise.all(calls);
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(12);
    expect(outcomes.filter((o) => o === 'OVERLOADED')).toHaveLength(27);
    expect(outcomes[39]).toBe('server "busy" is overloaded: 4 requests in flight (maxConcurrency 4) and 8 waiting (maxQueue 8); try again later');
    expect(pool.get('busy')?.status().overloaded).toBe(28);
  });
});
