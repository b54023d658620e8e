import { afterEach, describe, expect, it } from 'vitest';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { ServerNotification } from '@modelcontextprotocol/server';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool, nextEvent, POOL_OPTIONS, stdioEntry } from './helpers.js';
import { eventually } from '../../helpers/eventually.js';

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

async function readyPool(args: string[] = [], overrides = {}): Promise<DownstreamPool> {
  const pool = makePool([stdioEntry('fx', args, overrides)], pools);
  await pool.start();
  expect(pool.ready('fx')).toBe(true);
  return pool;
}

describe('relaying requests through the pool', () => {
  it('returns structuredContent of a call intact', async () => {
    const pool = await readyPool();
    const args = { text: 'hi', nested: { list: [1, 2, { deep: null }] }, unicode: 'é✓' };
    const result = await pool.request('fx', 'tools/call', { name: 'echo', arguments: args });
    expect(result.structuredContent).toEqual(args);
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify(args) }]);
  });

  it('keeps a tool failure a result and passes a server error through as McpError', async () => {
    const pool = await readyPool();
    await expect(pool.request('fx', 'tools/call', { name: 'fail' })).resolves.toMatchObject({ isError: true });
    const error = await pool.request('fx', 'tools/call', { name: 'nope' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProtocolError);
    expect(error).toMatchObject({ code: ProtocolErrorCode.InvalidParams, message: expect.stringContaining('unknown tool nope') });
  });

  it('re-lists after tools/list_changed and emits lists once', async () => {
    const pool = await readyPool(['--page-size', '2']);
    const seen: string[] = [];
    pool.on('lists', (id) => seen.push(id));
    const added = () => pool.snapshots()[0]?.tools.filter((t) => t.name.startsWith('added_')).length ?? 0;
    // Two changes one after the other, each announced once: a duplicate of the first would
    // arrive before the second change is made.
    for (const count of [1, 2]) {
      const changed = nextEvent(pool, 'lists');
      await pool.request('fx', 'tools/call', { name: 'add_tool' });
      await changed;
      expect(added()).toBe(count);
    }
    expect(seen).toEqual(['fx', 'fx']);
  });

  it('keeps answering while the server floods stderr', async () => {
    const pool = await readyPool(['--stderr-flood']);
    await eventually(() => (pool.get('fx')?.status().stderrTail.length ?? 0) >= 5, { what: 'the flood under way' });
    for (let i = 0; i < 20; i++) {
      await expect(pool.request('fx', 'tools/call', { name: 'echo', arguments: { i } }, { timeout: 2000 })).resolves.toMatchObject({
        structuredContent: { i },
      });
    }
    const tail = pool.get('fx')?.status().stderrTail ?? [];
    expect(tail.length).toBeLessThanOrEqual(50);
    expect(tail.join('\n').length).toBeLessThan(64 * 1024);
  });

  it('rejects the pending call at once, naming the server, when the server crashes mid-call', async () => {
    const pool = await readyPool(['--crash-on-call']);
    const lost = nextEvent(pool, 'lists');
    // CONNECTION_CLOSED, not REQUEST_TIMEOUT: the crash ends the call, not its deadline.
    const error = await pool.request('fx', 'tools/call', { name: 'crash' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CONNECTION_CLOSED', message: expect.stringContaining('server "fx" closed the connection while handling tools/call') });
    expect((error as Error).message).toContain('exited with code 3');
    await lost;
    expect(pool.get('fx')?.status()).toMatchObject({ state: 'restarting', lastError: expect.stringContaining('exited with code 3') });
    expect(pool.snapshots()).toEqual([]);
    // Restarted with back-off, lists fetched again, announced with `lists`, and usable.
    await nextEvent(pool, 'lists');
    expect(pool.get('fx')?.status()).toMatchObject({ state: 'ready', restarts: 1, lastExit: { code: 3 } });
    await expect(pool.request('fx', 'tools/call', { name: 'echo', arguments: { again: true } })).resolves.toMatchObject({ structuredContent: { again: true } });
  });

  it('times a request out with REQUEST_TIMEOUT, and progress keeps a slow one alive', async () => {
    const pool = await readyPool();
    await expect(pool.request('fx', 'tools/call', { name: 'sleep', arguments: { ms: 1000 } }, { timeout: 150 })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
      message: 'server "fx" did not answer tools/call within 150 ms',
    });
    const progress: number[] = [];
    const result = await pool.request(
      'fx',
      'tools/call',
      { name: 'sleep', arguments: { ms: 400 } },
      { timeout: 150, onprogress: (p) => progress.push(p.progress) },
    );
    expect(result.content).toEqual([{ type: 'text', text: 'slept 400' }]);
    expect(progress.length).toBeGreaterThanOrEqual(3);
  });

  it('rejects with the caller’s abort reason, not a timeout, when cancelled', async () => {
    const pool = await readyPool();
    const controller = new AbortController();
    // Cancelled at its first progress: the call is surely running downstream by then.
    const onprogress = () => controller.abort(new Error('host cancelled'));
    const pending = pool.request('fx', 'tools/call', { name: 'sleep', arguments: { ms: 30_000 } }, { signal: controller.signal, onprogress });
    await expect(pending).rejects.toThrow('host cancelled');
    await expect(pool.request('fx', 'tools/call', { name: 'echo', arguments: {} })).resolves.toBeDefined();
  });

  it('forwards logging notifications with the server id', async () => {
    const pool = await readyPool();
    const notified = nextEvent<[string, ServerNotification]>(pool, 'notification');
    await pool.request('fx', 'tools/call', { name: 'notify', arguments: { data: 'ping' } });
    const [serverId, notification] = await notified;
    expect(serverId).toBe('fx');
    expect(notification).toMatchObject({ method: 'notifications/message', params: { level: 'info', data: 'ping' } });
  });

  it('hands server→client requests to onServerRequest when the capability is declared', async () => {
    const asked: string[] = [];
    const pool = makePool([stdioEntry('fx', [])], pools, {
      ...POOL_OPTIONS,
      clientCapabilities: { roots: { listChanged: true } },
      onServerRequest: async (serverId, request) => {
        asked.push(`${serverId}:${request.method}`);
        return { roots: [{ uri: 'file:///work', name: 'work' }] };
      },
    });
    await pool.start();
    const result = await pool.request('fx', 'tools/call', { name: 'roots' });
    expect(asked).toEqual(['fx:roots/list']);
    expect(result.content).toEqual([{ type: 'text', text: JSON.stringify({ roots: [{ uri: 'file:///work', name: 'work' }] }) }]);
  });

  it('refuses requests to an unknown or stopped server with SERVER_UNAVAILABLE', async () => {
    const pool = await readyPool();
    await expect(pool.request('ghost', 'tools/list', {})).rejects.toMatchObject({ code: 'SERVER_UNAVAILABLE' });
    await pool.stop();
    await expect(pool.request('fx', 'tools/list', {})).rejects.toMatchObject({
      code: 'SERVER_UNAVAILABLE',
      message: 'server "fx" is not connected (state stopped)',
    });
  });
});
