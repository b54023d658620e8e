/**
 * Lazy start and idle stop of one connection, with fake timers over in-memory servers: when an
 * idle server stops, what keeps it up, what starts it again, and how long a request waits for it.
 * Each start of a server is counted by the factory that makes it.
 */
import { McpServer } from '@modelcontextprotocol/server';
import type { Transport } from '@modelcontextprotocol/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { parseCatalog } from '../../../src/config/index.js';
import type { ServerEntry } from '../../../src/config/schema.js';
import { DownstreamConnection } from '../../../src/downstream/connection.js';
import { SnapshotStore } from '../../../src/downstream/snapshot-store.js';
import { inMemoryTransportFactory, type InMemoryServer } from '../../../src/downstream/transports/in-memory.js';
import { silentLogger } from '../../../src/log.js';

const [base] = parseCatalog('servers:\n  mem: { command: unused }\n', { env: {}, cwd: '/tmp' }).servers;
const entry = (knobs: Partial<ServerEntry>) => ({ ...base!, pingInterval: 0, ...knobs }) as ServerEntry;

/** A server with `echo` and a `hold` tool that runs until `release()`; `starts` counts the servers made. */
function echoServer() {
  const control = { starts: 0, release: () => {} };
  const make = (): InMemoryServer => {
    control.starts++;
    const server = new McpServer({ name: 'echo', version: '1' });
    server.registerTool('echo', { description: 'echo', inputSchema: { text: z.string() } }, async ({ text }) => ({ content: [{ type: 'text', text }] }));
    server.registerTool('hold', { description: 'hold' }, async () => {
      await new Promise<void>((resolve) => (control.release = resolve));
      return { content: [{ type: 'text', text: 'held' }] };
    });
    return server;
  };
  return { control, make };
}

/** Takes the transport and never answers: a start that never ends. */
const silent: InMemoryServer = { connect: async (transport: Transport) => transport.start() };

const connections: DownstreamConnection[] = [];
function connect(knobs: Partial<ServerEntry>, make: () => InMemoryServer, snapshots?: SnapshotStore): DownstreamConnection {
  const connection = new DownstreamConnection(
    entry(knobs),
    { clientInfo: { name: 't', version: '0' }, transports: inMemoryTransportFactory({ mem: make }), ...(snapshots && { snapshots }) },
    silentLogger,
  );
  connections.push(connection);
  return connection;
}

const echo = (connection: DownstreamConnection, text = 'hi', timeout?: number) =>
  connection.request('tools/call', { name: 'echo', arguments: { text } }, timeout !== undefined ? { timeout } : {});

/** A store that already knows `mem` (as a previous run would have left it). */
async function storeWithSnapshot(knobs: Partial<ServerEntry>): Promise<SnapshotStore> {
  const store = new SnapshotStore(undefined, silentLogger);
  const learn = connect({ ...knobs, start: 'eager', idleTimeout: 1 }, echoServer().make, store);
  await learn.start();
  await learn.stop();
  return store;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(connections.splice(0).map((c) => c.stop()));
});

describe('idle stop', () => {
  it('stops a ready server exactly idleTimeout after its last request, and keeps advertising its lists', async () => {
    const { control, make } = echoServer();
    const connection = connect({ idleTimeout: 1000 }, make);
    await connection.start();
    await vi.advanceTimersByTimeAsync(600);
    await echo(connection);
    await vi.advanceTimersByTimeAsync(999);
    expect(connection.state).toBe('ready');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.state).toBe('asleep');
    expect(connection.snapshot()?.tools.map((t) => t.name)).toEqual(['echo', 'hold']);
    expect(connection.status()).toMatchObject({ state: 'asleep', tools: 2, snapshotAt: expect.any(String) });
    expect(control.starts).toBe(1);
  });

  it('never stops a server with a request in flight, and counts the quiet time from its end', async () => {
    const { control, make } = echoServer();
    const connection = connect({ idleTimeout: 1000, timeout: 60_000 }, make);
    await connection.start();
    const held = connection.request('tools/call', { name: 'hold', arguments: {} });
    await vi.advanceTimersByTimeAsync(5000);
    expect(connection.state).toBe('ready');
    control.release();
    await held;
    await vi.advanceTimersByTimeAsync(999);
    expect(connection.state).toBe('ready');
    await vi.advanceTimersByTimeAsync(1);
    expect(connection.state).toBe('asleep');
  });

  it('keeps a server with a resource subscription up', async () => {
    const server = () => {
      const s = new McpServer({ name: 'res', version: '1' }, { capabilities: { resources: { subscribe: true } } });
      s.registerResource('note', 'note://a', {}, async () => ({ contents: [{ uri: 'note://a', text: 'a' }] }));
      s.server.setRequestHandler('resources/subscribe', async () => ({}));
      s.server.setRequestHandler('resources/unsubscribe', async () => ({}));
      return s;
    };
    const connection = connect({ idleTimeout: 1000 }, server);
    await connection.start();
    await connection.request('resources/subscribe', { uri: 'note://a' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connection.state).toBe('ready');
    await connection.request('resources/unsubscribe', { uri: 'note://a' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(connection.state).toBe('asleep');
  });

  it('starts an idle-stopped server again for the next call, which succeeds', async () => {
    const { control, make } = echoServer();
    const connection = connect({ idleTimeout: 1000 }, make);
    await connection.start();
    await vi.advanceTimersByTimeAsync(1000);
    expect(connection.state).toBe('asleep');
    const [a, b] = await Promise.all([echo(connection, 'a'), echo(connection, 'b')]);
    expect([a.content, b.content]).toEqual([[{ type: 'text', text: 'a' }], [{ type: 'text', text: 'b' }]]);
    expect(control.starts).toBe(2);
    expect(connection.state).toBe('ready');
  });

  it('never stops a server without idleTimeout', async () => {
    const connection = connect({}, echoServer().make);
    await connection.start();
    await vi.advanceTimersByTimeAsync(24 * 60 * 60 * 1000);
    expect(connection.state).toBe('ready');
  });
});

describe('lazy start', () => {
  it('is asleep from the start on a stored snapshot: nothing started by start(), lists advertised', async () => {
    const store = await storeWithSnapshot({});
    const { control, make } = echoServer();
    const connection = connect({ start: 'lazy' }, make, store);
    expect(connection.state).toBe('asleep');
    await connection.start();
    expect(connection.state).toBe('asleep');
    expect(connection.snapshot()?.tools.map((t) => t.name)).toEqual(['echo', 'hold']);
    expect(connection.status().capabilities).toMatchObject({ tools: {} });
    expect(control.starts).toBe(0);
    // Nothing to tell a sleeping server: it gets the level when it starts.
    await expect(connection.request('logging/setLevel', { level: 'debug' })).resolves.toEqual({});
    expect(control.starts).toBe(0);
    await expect(echo(connection, 'woken')).resolves.toMatchObject({ content: [{ type: 'text', text: 'woken' }] });
    expect(control.starts).toBe(1);
  });

  it('starts a lazy server it has no snapshot of, once, to learn its lists', async () => {
    const store = new SnapshotStore(undefined, silentLogger);
    const { control, make } = echoServer();
    const connection = connect({ start: 'lazy' }, make, store);
    expect(connection.state).toBe('idle');
    await connection.start();
    expect(connection.state).toBe('ready');
    expect(control.starts).toBe(1);
    expect(store.lookup(entry({ start: 'lazy' })).snapshot?.lists.tools.map((t) => t.name)).toEqual(['echo', 'hold']);
  });

  it('starts a lazy server whose snapshot was taken with another command or env once, to learn its lists again', async () => {
    const store = await storeWithSnapshot({});
    const { control, make } = echoServer();
    const changed = { start: 'lazy' as const, env: { MODE: 'other' } };
    const connection = connect(changed, make, store);
    expect(connection.state).toBe('idle');
    await connection.start();
    expect(connection.state).toBe('ready');
    expect(control.starts).toBe(1);
    expect(store.lookup(entry(changed)).snapshot).toBeDefined();
    expect(store.lookup(entry({})).stale).toBe(true);
  });

  it('gives up waiting for a start at the request’s timeout, naming the server', async () => {
    const store = await storeWithSnapshot({});
    const connection = connect({ start: 'lazy', connectTimeout: 30_000 }, () => silent, store);
    const call = echo(connection, 'x', 500);
    const outcome = call.catch((error: unknown) => error as Error);
    await vi.advanceTimersByTimeAsync(499);
    expect(connection.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    expect(((await outcome) as Error).message).toMatch(/server "mem" was asleep and is not ready within the request's timeout \(500 ms\)/);
  });

  it('fails the call with the reason when the start fails', async () => {
    const store = await storeWithSnapshot({});
    const connection = connect({ start: 'lazy', connectTimeout: 300, timeout: 5000 }, () => silent, store);
    const outcome = echo(connection).catch((error: unknown) => error as Error);
    await vi.advanceTimersByTimeAsync(300);
    const error = (await outcome) as Error & { code?: string };
    expect(error.code).toBe('SERVER_UNAVAILABLE');
    expect(error.message).toMatch(/server "mem" was asleep and could not be started for this request: .*300 ms/);
  });
});
