import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { eventually } from '../../helpers/eventually.js';
import { isAlive, makePool, stdioEntry } from './helpers.js';
import { RELAY_TOOLS } from '../../fixtures/relay-behaviour.js';

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

describe('DownstreamPool lifecycle (stdio)', () => {
  it('connects three servers in parallel and lists every page of each', async () => {
    const pool = makePool(
      ['a', 'b', 'c'].map((id) => stdioEntry(id, ['--tools', '5', '--prompts', '3', '--resources', '4', '--page-size', '2'])),
      pools,
    );
    await pool.start();
    expect(pool.statuses().map((s) => s.state)).toEqual(['ready', 'ready', 'ready']);
    const snapshots = pool.snapshots();
    expect(snapshots.map((s) => s.serverId)).toEqual(['a', 'b', 'c']);
    for (const snapshot of snapshots) {
      // 5 numbered tools + echo, fail, add_tool, sleep, notify, roots
      expect(snapshot.tools.map((t) => t.name)).toEqual([
        'tool_0',
        'tool_1',
        'tool_2',
        'tool_3',
        'tool_4',
        'echo',
        'fail',
        'add_tool',
        'sleep',
        'notify',
        'roots',
        ...RELAY_TOOLS.map((t) => t.name),
      ]);
      expect(snapshot.prompts).toHaveLength(4);
      expect(snapshot.resources).toHaveLength(5);
      expect(snapshot.resourceTemplates).toEqual([{ uriTemplate: `fixture://${snapshot.serverId}/items/{id}`, name: 'item' }]);
      // Items are kept exactly as sent, unknown fields included.
      expect(snapshot.tools.find((t) => t.name === 'echo')).toMatchObject({ 'x-fixture': true });
    }
    expect(pool.ready('b')).toBe(true);
    expect(pool.statuses()[0]).toMatchObject({
      transport: 'stdio',
      serverInfo: { name: 'a' },
      tools: snapshots[0]?.tools.length,
      restarts: 0,
      breaker: 'closed',
    });
  });

  it('keeps serving the others when one exits before initialize, and reports its stderr', async () => {
    const pool = makePool([stdioEntry('good', []), stdioEntry('broken', ['--exit-before-init'])], pools);
    await pool.start();
    expect(pool.ready('good')).toBe(true);
    const broken = pool.get('broken')?.status();
    // A failed start is retried with back-off, like a crash.
    expect(broken?.state).toBe('restarting');
    expect(broken?.nextRestartAt).toBeDefined();
    expect(broken?.lastError).toContain('exited with code 1');
    expect(broken?.lastError).toContain('fatal: broken cannot start');
    await expect(pool.request('broken', 'tools/list', {})).rejects.toMatchObject({
      code: 'SERVER_UNAVAILABLE',
      message: expect.stringContaining('server "broken" is not connected (state restarting'),
    });
  });

  it('fails a server that never answers initialize at connectTimeout while the others are ready at once', async () => {
    // The order of events, not the clock: quick is ready while hang is still connecting, and
    // hang's deadline fails it later (the deadline itself: unit/downstream/deadlines, fake timers).
    const pool = makePool([stdioEntry('hang', ['--hang-init'], { connectTimeout: 6000 }), stdioEntry('quick', [])], pools);
    const settled = pool.start();
    await new Promise<void>((resolve) => pool.on('lists', (id) => id === 'quick' && resolve()));
    expect(pool.get('hang')?.state).toBe('connecting');
    const hangPid = pool.get('hang')?.status().pid;
    await settled;
    expect(pool.get('hang')?.status()).toMatchObject({ state: 'restarting', lastError: expect.stringContaining('did not get ready within 6000 ms') });
    expect(hangPid).toBeDefined();
    expect(isAlive(hangPid ?? 0)).toBe(false);
  });

  it('leaves no child process behind after stop', async () => {
    const pool = makePool([stdioEntry('one', []), stdioEntry('two', ['--stderr-flood'])], pools);
    await pool.start();
    const pids = pool.statuses().map((s) => s.pid);
    expect(pids.every((pid) => typeof pid === 'number' && isAlive(pid))).toBe(true);
    await pool.stop();
    expect(pool.statuses().map((s) => s.state)).toEqual(['stopped', 'stopped']);
    for (const pid of pids) expect(() => process.kill(pid ?? 0, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    expect(pool.snapshots()).toEqual([]);
  });

  it('start and stop are idempotent and restart reconnects', async () => {
    const pool = makePool([stdioEntry('x', [])], pools);
    await Promise.all([pool.start(), pool.start()]);
    const connection = pool.get('x');
    const firstPid = connection?.status().pid;
    await connection?.restart();
    expect(connection?.state).toBe('ready');
    expect(connection?.status().pid).not.toBe(firstPid);
    await Promise.all([pool.stop(), pool.stop()]);
    expect(connection?.state).toBe('stopped');
  });

  it('shows the stderr of the process running now, not of the ones before it', async () => {
    // A wrapper that says which process it is on stderr, then becomes the fixture (same pid).
    const base = stdioEntry('talker', []) as Extract<ReturnType<typeof stdioEntry>, { kind: 'stdio' }>;
    const entry = { ...base, command: '/bin/sh', args: ['-c', `echo "process $$ started" >&2; exec "${process.execPath}" "$@"`, 'sh', ...base.args] };
    const pool = makePool([entry], pools);
    await pool.start();
    const first = pool.get('talker')?.status().pid;
    await eventually(() => pool.get('talker')?.status().stderrTail.includes(`process ${first} started`), { what: 'the first process on stderr' });
    await pool.get('talker')?.restart();
    const second = pool.get('talker')?.status().pid;
    expect(second).not.toBe(first);
    await eventually(() => pool.get('talker')?.status().stderrTail.includes(`process ${second} started`), { what: 'the second process on stderr' });
    expect(
      pool
        .get('talker')
        ?.status()
        .stderrTail.filter((line) => line.endsWith(' started')),
    ).toEqual([`process ${second} started`]);
  });

  it('stops paging when a server repeats its cursor', async () => {
    const pool = makePool([stdioEntry('loop', ['--repeat-cursor'])], pools);
    await pool.start();
    // Page 1 and the page the first repeat pointed to; then the loop is noticed.
    expect(pool.snapshots()[0]?.tools.map((t) => t.name)).toEqual(['echo', 'echo']);
  });
});

describe('DownstreamPool failures and recovery', () => {
  it('stops a server that is still connecting without waiting for its connectTimeout', async () => {
    // A deadline past the test's own timeout: stop() must not wait for it.
    const pool = makePool([stdioEntry('hang', ['--hang-init'], { connectTimeout: 120_000 })], pools);
    const settled = pool.start();
    const pid = await eventually(() => pool.get('hang')?.status().pid, { what: 'the hanging child started' });
    await pool.stop();
    await settled;
    expect(pool.get('hang')?.state).toBe('stopped');
    expect(pool.get('hang')?.status().lastError).toBeUndefined();
    expect(isAlive(pid)).toBe(false);
  });

  it('restarts a crashed server', async () => {
    const pool = makePool([stdioEntry('phoenix', ['--crash-on-call'])], pools);
    await pool.start();
    await expect(pool.request('phoenix', 'tools/call', { name: 'crash' })).rejects.toMatchObject({ code: 'CONNECTION_CLOSED' });
    await pool.get('phoenix')?.restart();
    expect(pool.get('phoenix')?.status()).toMatchObject({ state: 'ready' });
    expect(pool.get('phoenix')?.status().lastError).toBeUndefined();
    await expect(pool.request('phoenix', 'tools/call', { name: 'echo', arguments: { back: true } })).resolves.toMatchObject({
      structuredContent: { back: true },
    });
  });

  it('says which command could not be run', async () => {
    const entry = { ...stdioEntry('missing', []), command: '/nonexistent/mcp-server' };
    const pool = makePool([entry], pools);
    await pool.start();
    expect(pool.get('missing')?.status().lastError).toBe('cannot run "/nonexistent/mcp-server" (ENOENT); check `command` and PATH');
  });
});
