/**
 * Downstream stdio faults that concern the process: crashes, start failures, hangs at
 * initialize, shutdown escalation, wrappers' grandchildren, crash loops, EPIPE, environment.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool } from '../downstream/helpers.js';
import { eventually, faultEntry, processesWith, waitForState } from './helpers.js';

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

describe('stdio faults: processes', () => {
  it.each(['exit', 'SIGKILL'])('fails the call in flight at once on a crash (%s), restarts with back-off, and announces the tools again', async (how) => {
    // A request timeout longer than the test's own: the crash must fail the call, not the clock.
    const pool = makePool([faultEntry('crashy', [], { timeout: 60_000 }), faultEntry('calm', [])], pools);
    await pool.start();
    const back = new Promise<void>((resolve) => pool.on('lists', (id) => id === 'crashy' && pool.ready('crashy') && resolve()));
    const inFlight = pool.request('calm', 'tools/call', { name: 'slow', arguments: { ms: 300 } });
    const error = await pool
      .request('crashy', 'tools/call', { name: 'crash', arguments: how === 'exit' ? {} : { signal: 'SIGKILL' } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: expect.stringContaining('server "crashy" closed the connection while handling tools/call'),
    });
    expect((error as Error).message).toContain(how === 'exit' ? 'exited with code 3' : 'killed by SIGKILL');
    // The other server is unaffected.
    await expect(inFlight).resolves.toMatchObject({ content: [{ text: 'slept 300' }] });
    // Back: lists fetched before it is routed to, then `lists` goes up.
    await back;
    expect(pool.snapshots().find((s) => s.serverId === 'crashy')?.tools.length).toBeGreaterThan(0);
    await expect(pool.request('crashy', 'tools/call', { name: 'echo', arguments: { ok: 1 } })).resolves.toMatchObject({ structuredContent: { ok: 1 } });
    expect(pool.get('crashy')?.status()).toMatchObject({ restarts: 1, lastExit: how === 'exit' ? { code: 3 } : { signal: 'SIGKILL' } });
  });

  it('reports a missing command and an early exit clearly and serves the rest', async () => {
    const missing = { ...faultEntry('missing', []), command: 'no-such-mcp-server-xyz' };
    const pool = makePool([missing, faultEntry('early', ['--exit-before-init']), faultEntry('fine', [])], pools);
    await pool.start();
    expect(pool.ready('fine')).toBe(true);
    expect(pool.get('missing')?.status().lastError).toContain('cannot run "no-such-mcp-server-xyz" (ENOENT); check `command` and PATH');
    expect(pool.get('early')?.status().lastError).toMatch(/exited with code 1 before it was ready; stderr: fatal: early cannot start/);
  });

  it('starts 9 of 10 at once while one hangs on initialize, then marks that one failed', async () => {
    const ids = Array.from({ length: 9 }, (_, i) => `s${i}`);
    // The order of events is the proof, not the clock: all nine are ready while the tenth is
    // still connecting, and only then does its deadline fail it (the deadline itself is
    // tested with fake timers in unit/downstream/connect-timeout).
    const hang = faultEntry('hang', ['--hang-init'], { connectTimeout: 8000, restart: { maxRetries: 0 } });
    const pool = makePool([hang, ...ids.map((id) => faultEntry(id, []))], pools);
    const order: string[] = [];
    pool.on('state', (id, next) => {
      if (id === 'hang' || next === 'ready') order.push(`${id} ${next}`);
    });
    await pool.start();
    const hangLeft = order.findIndex((event) => event.startsWith('hang ') && event !== 'hang connecting');
    expect(
      order
        .slice(0, hangLeft)
        .filter((event) => event.endsWith(' ready'))
        .sort(),
    ).toEqual(ids.map((id) => `${id} ready`).sort());
    expect(pool.get('hang')?.status()).toMatchObject({
      state: 'failed',
      breaker: 'open',
      lastError: expect.stringContaining('did not get ready within 8000 ms'),
    });
  });

  it('escalates stdin close → SIGTERM → SIGKILL for a server that ignores SIGTERM, its grandchild included', async () => {
    const marker = `sigterm-${process.pid}-${Date.now()}`;
    const pool = makePool([faultEntry('stubborn', ['--ignore-sigterm', '--grandchild'], {}, marker)], pools);
    await pool.start();
    await eventually(() => processesWith(marker).length === 2, 2000, 'child and grandchild');
    // stop() resolves only once both are gone, SIGKILL included.
    await pool.stop();
    expect(processesWith(marker)).toEqual([]);
  });

  it('leaves nothing of a wrapper’s process group after stop, crash or restart; 20 restarts keep the count at baseline', async () => {
    const marker = `group-${process.pid}-${Date.now()}`;
    // A `sh -c` wrapper, as catalogs often have; the fixture also starts a grandchild of its own.
    const entry = {
      ...faultEntry('wrapped', [], {}, marker),
      command: '/bin/sh',
      args: ['-c', `"${process.execPath}" "$0" "$@"`, ...faultEntry('wrapped', ['--grandchild'], {}, marker).args],
    };
    const pool = makePool([entry], pools);
    await pool.start();
    await eventually(() => processesWith(marker).length >= 2, 2000, 'wrapper tree');
    const baseline = processesWith(marker).length;
    for (let i = 0; i < 20; i++) await pool.get('wrapped')?.restart();
    await eventually(() => processesWith(marker).length === baseline, 2000, 'baseline after 20 restarts');
    // A crash of the process the gateway started takes its group with it.
    await pool.request('wrapped', 'tools/call', { name: 'crash', arguments: { signal: 'SIGKILL' } }).catch(() => undefined);
    await waitForState(pool, 'wrapped', 'ready');
    await eventually(() => processesWith(marker).length === baseline, 2000, 'baseline after a crash');
    await pool.stop();
    expect(processesWith(marker)).toEqual([]);
  });

  it('backs off on a crash loop, opens the breaker, logs a bounded number of lines and goes idle', async () => {
    const lines: string[] = [];
    const logger = { error: () => {}, info: () => {}, debug: () => {}, warn: (line: string) => void lines.push(line), child: () => logger };
    const { DownstreamPool } = await import('../../../src/downstream/pool.js');
    const pool = new DownstreamPool(
      [faultEntry('loop', ['--exit-before-init'], { restart: { maxRetries: 8, initialDelay: 10, maxDelay: 80, cooldown: 0 } })],
      { clientInfo: { name: 't', version: '0' } },
      logger,
    );
    pools.push(pool);
    await pool.start();
    await waitForState(pool, 'loop', 'failed', 10_000);
    const status = pool.get('loop')?.status();
    expect(status).toMatchObject({ state: 'failed', breaker: 'open', restarts: 8, failures: 9 });
    expect(status?.nextRestartAt).toBeUndefined();
    // At most 6 warnings a minute, however fast it loops.
    expect(lines.length).toBeLessThanOrEqual(6);
    // Idle: no restart scheduled, no child left.
    expect(status?.pid).toBeUndefined();
    expect(processesWith(`fault-loop-${process.pid}`)).toEqual([]);
  });

  it('survives EPIPE on a dead pipe: the call errors naming the server and the server is restarted', async () => {
    const pool = makePool([faultEntry('pipe', [])], pools);
    await pool.start();
    // The reply comes after the child closed its stdin: the next write meets a dead pipe.
    await pool.request('pipe', 'tools/call', { name: 'close_stdin' });
    const error = await pool.request('pipe', 'tools/call', { name: 'echo', arguments: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ message: expect.stringContaining('server "pipe"') });
    await waitForState(pool, 'pipe', 'ready');
    await expect(pool.request('pipe', 'tools/call', { name: 'echo', arguments: { again: 1 } })).resolves.toMatchObject({ structuredContent: { again: 1 } });
  });

  it('gives the child a safelist of the environment plus its declared env, nothing else', async () => {
    process.env.SWITCHBOARD_TEST_SECRET = 'gateway-secret';
    try {
      const pool = makePool([faultEntry('envy', [], { env: { OWN_TOKEN: 'mine' } })], pools);
      await pool.start();
      const result = await pool.request('envy', 'tools/call', { name: 'env' });
      const env = result.structuredContent as Record<string, string>;
      expect(env.OWN_TOKEN).toBe('mine');
      expect(env.SWITCHBOARD_TEST_SECRET).toBeUndefined();
      expect(Object.keys(env).every((key) => ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TERM', 'USER', 'OWN_TOKEN'].includes(key) || key.startsWith('_'))).toBe(
        true,
      );
    } finally {
      delete process.env.SWITCHBOARD_TEST_SECRET;
    }
  });
});
