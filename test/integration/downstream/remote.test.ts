import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool, remoteEntry, startHttpFixture, type HttpFixture } from './helpers.js';
import { RELAY_TOOLS } from '../../fixtures/relay-behaviour.js';

const pools: DownstreamPool[] = [];
let streamable: HttpFixture;
let sse: HttpFixture;

beforeAll(async () => {
  [streamable, sse] = await Promise.all([
    startHttpFixture(['--name', 'web', '--tools', '3', '--page-size', '2']),
    startHttpFixture(['--name', 'legacy', '--sse']),
  ]);
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});
afterAll(async () => {
  await Promise.all([streamable.stop(), sse.stop()]);
});

describe('remote transports', () => {
  it('connects over Streamable HTTP, lists every page and relays a call', async () => {
    const pool = makePool([remoteEntry('web', `http://127.0.0.1:${streamable.port}/mcp`, 'streamable-http')], pools);
    await pool.start();
    expect(pool.get('web')?.status()).toMatchObject({ state: 'ready', transport: 'streamable-http', serverInfo: { name: 'web' } });
    expect(pool.snapshots()[0]?.tools.map((t) => t.name)).toEqual([
      'tool_0',
      'tool_1',
      'tool_2',
      'echo',
      'fail',
      'add_tool',
      'sleep',
      'notify',
      'roots',
      ...RELAY_TOOLS.map((t) => t.name),
    ]);
    await expect(pool.request('web', 'tools/call', { name: 'echo', arguments: { a: 1 } })).resolves.toMatchObject({ structuredContent: { a: 1 } });
  });

  it('connects over legacy SSE', async () => {
    const pool = makePool([remoteEntry('legacy', `http://127.0.0.1:${sse.port}/sse`, 'sse')], pools);
    await pool.start();
    expect(pool.get('legacy')?.status()).toMatchObject({ state: 'ready', transport: 'sse' });
    await expect(pool.request('legacy', 'resources/read', { uri: 'fixture://legacy/items/7' })).resolves.toMatchObject({
      contents: [{ uri: 'fixture://legacy/items/7', text: 'item 7' }],
    });
  });

  it('auto speaks Streamable HTTP when it can and falls back to SSE on a 4xx', async () => {
    const pool = makePool(
      [remoteEntry('modern', `http://127.0.0.1:${streamable.port}/mcp`, 'auto'), remoteEntry('old', `http://127.0.0.1:${sse.port}/sse`, 'auto')],
      pools,
    );
    await pool.start();
    expect(pool.statuses().map((s) => [s.serverId, s.state, s.transport])).toEqual([
      ['modern', 'ready', 'streamable-http'],
      ['old', 'ready', 'sse'],
    ]);
    await expect(pool.request('old', 'prompts/get', { name: 'greet', arguments: { who: 'Ada' } })).resolves.toMatchObject({
      messages: [{ content: { text: 'Hello, Ada!' } }],
    });
  });

  it('fails an unreachable server without leaking its header values', async () => {
    const port = await closedPort();
    const pool = makePool([remoteEntry('gone', `http://127.0.0.1:${port}/mcp`, 'auto', { connectTimeout: 2000 })], pools);
    await pool.start();
    const status = pool.get('gone')?.status();
    expect(status?.state).toBe('restarting');
    expect(status?.lastError).toMatch(/^cannot reach http:\/\/127\.0\.0\.1:\d+\/mcp \(.*ECONNREFUSED.*\); is the server running\?$/);
    expect(JSON.stringify(status)).not.toContain('secret-token');
  });
});

/** A loopback port nothing listens on (it was free a moment ago). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
