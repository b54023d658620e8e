/**
 * The downstream deadlines with fake timers, over in-memory servers: `connectTimeout` for a
 * server that never answers `initialize`, a request's `timeout`, its reset on progress, and
 * `maxTotalTimeout`. No process and no wall clock: the integration tests only check the order of
 * events with real children.
 */
import { McpServer } from '@modelcontextprotocol/server';
import type { Transport } from '@modelcontextprotocol/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';
import type { ServerEntry } from '../../../src/config/schema.js';
import { DownstreamConnection } from '../../../src/downstream/connection.js';
import { inMemoryTransportFactory, type InMemoryServer } from '../../../src/downstream/transports/in-memory.js';
import { silentLogger } from '../../../src/log.js';

const [base] = parseCatalog('servers:\n  mem: { command: unused }\n', { env: {}, cwd: '/tmp' }).servers;
const entry = (knobs: Partial<ServerEntry>) => ({ ...base!, ...knobs }) as ServerEntry;

/** Takes the transport and never answers anything. */
const silent: InMemoryServer = {
  connect: async (transport: Transport) => transport.start(),
};

/** One `slow` tool that runs until the test ends it, sending progress when the test says. */
function steppedServer() {
  const control = { progress: async () => {}, aborted: false, finish: () => {} };
  const server = new McpServer({ name: 'stepped', version: '1' });
  server.registerTool('slow', { description: 'slow' }, async (extra) => {
    const token = extra.mcpReq._meta?.progressToken;
    let step = 0;
    control.progress = async () => {
      if (token !== undefined) await extra.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: ++step } });
    };
    extra.mcpReq.signal.addEventListener('abort', () => (control.aborted = true));
    await new Promise<void>((resolve) => (control.finish = resolve));
    return { content: [{ type: 'text', text: 'done' }] };
  });
  return { control, make: () => server };
}

const connections: DownstreamConnection[] = [];
function connect(knobs: Partial<ServerEntry>, server: () => InMemoryServer): DownstreamConnection {
  const connection = new DownstreamConnection(
    entry(knobs),
    { clientInfo: { name: 't', version: '0' }, transports: inMemoryTransportFactory({ mem: server }) },
    silentLogger,
  );
  connections.push(connection);
  return connection;
}

/** A promise's outcome so far, without awaiting it. */
function track<T>(promise: Promise<T>) {
  const seen: { settled: boolean; error?: unknown } = { settled: false };
  promise.then(
    () => (seen.settled = true),
    (error: unknown) => Object.assign(seen, { settled: true, error }),
  );
  return seen;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(connections.splice(0).map((c) => c.stop()));
});

describe('connectTimeout', () => {
  it('fails a server that never answers initialize exactly at its deadline', async () => {
    const connection = connect({ connectTimeout: 1000 }, () => silent);
    const started = connection.start();
    await vi.advanceTimersByTimeAsync(999);
    expect(connection.state).toBe('connecting');
    await vi.advanceTimersByTimeAsync(1);
    await started;
    expect(connection.status()).toMatchObject({ state: 'restarting', lastError: expect.stringContaining('did not get ready within 1000 ms') });
  });
});

describe('request deadlines', () => {
  async function readySlow(knobs: Partial<ServerEntry>) {
    const { control, make } = steppedServer();
    const connection = connect(knobs, make);
    await connection.start();
    expect(connection.state).toBe('ready');
    return { connection, control };
  }

  it('times a call out at `timeout` and cancels it downstream', async () => {
    const { connection, control } = await readySlow({ timeout: 100 });
    const call = track(connection.request('tools/call', { name: 'slow' }));
    await vi.advanceTimersByTimeAsync(99);
    expect(call.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.error).toMatchObject({ code: 'REQUEST_TIMEOUT', message: 'server "mem" did not answer tools/call within 100 ms' });
    expect(control.aborted).toBe(true);
  });

  it('resets the deadline on each progress, up to maxTotalTimeout, then cancels downstream', async () => {
    const { connection, control } = await readySlow({ timeout: 100, maxTotalTimeout: 400 });
    const progress: number[] = [];
    const call = track(connection.request('tools/call', { name: 'slow' }, { onprogress: (p) => progress.push(p.progress) }));
    // Progress every 80 ms keeps a 100 ms deadline from firing, well past 100 ms in all...
    for (let elapsed = 80; elapsed <= 320; elapsed += 80) {
      await vi.advanceTimersByTimeAsync(80);
      expect(call.settled, `at ${elapsed} ms`).toBe(false);
      await control.progress();
    }
    expect(progress).toEqual([1, 2, 3, 4]);
    // ...but progress that comes once the total has reached 400 ms no longer extends it: the
    // total is enforced when progress would reset the deadline (the SDK's rule), so a call ends
    // by maxTotalTimeout plus at most one `timeout`.
    await vi.advanceTimersByTimeAsync(80);
    expect(call.settled).toBe(false);
    await control.progress();
    await vi.advanceTimersByTimeAsync(0);
    expect(call.error).toMatchObject({ code: 'REQUEST_TIMEOUT', message: 'server "mem" did not finish tools/call within 400 ms in total' });
    expect(control.aborted).toBe(true);
  });

  it('answers a call that finishes in time', async () => {
    const { connection, control } = await readySlow({ timeout: 100 });
    const call = connection.request('tools/call', { name: 'slow' });
    await vi.advanceTimersByTimeAsync(50);
    control.finish();
    await expect(call).resolves.toMatchObject({ content: [{ text: 'done' }] });
  });
});
