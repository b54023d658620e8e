/**
 * Downstream HTTP / SSE faults: refused and failing servers, a forgotten session, an event
 * stream that drops for good, huge and slow bodies, a legacy `endpoint` on another origin.
 * A small hand-written Streamable HTTP server plays the misbehaving parts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool, remoteEntry, startHttpFixture, type HttpFixture } from '../downstream/helpers.js';
import { waitForState } from './helpers.js';

const pools: DownstreamPool[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

const FAST = { timeout: 1000, connectTimeout: 1500, restart: { initialDelay: 50, maxDelay: 200, maxRetries: 2, cooldown: 0 } };

interface Raw {
  url: string;
  calls: number;
  /** Sessions the server accepts; clearing it makes every request 404. */
  sessions: Set<string>;
  mode: { call: 'ok' | '500' | 'reset' };
}

/** A minimal Streamable HTTP server (JSON responses) whose tools/call misbehaves on demand. */
async function rawServer(): Promise<Raw> {
  const raw: Raw = { url: '', calls: 0, sessions: new Set(), mode: { call: 'ok' } };
  let next = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse): void => {
    if (req.method !== 'POST') return void res.writeHead(405).end();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', (): void => {
      const message = JSON.parse(body) as { id?: number; method: string };
      const session = req.headers['mcp-session-id'];
      const reply = (result: unknown, headers: Record<string, string> = {}): void =>
        void res.writeHead(200, { 'content-type': 'application/json', ...headers }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      if (message.method === 'initialize') {
        const id = `s${next++}`;
        raw.sessions.add(id);
        return reply({ protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'raw', version: '1' } }, { 'mcp-session-id': id });
      }
      if (typeof session !== 'string' || !raw.sessions.has(session)) return void res.writeHead(404).end('unknown session');
      if (message.id === undefined) return void res.writeHead(202).end();
      if (message.method === 'tools/list') return reply({ tools: [{ name: 'work', inputSchema: { type: 'object' } }] });
      if (message.method === 'tools/call') {
        raw.calls++;
        if (raw.mode.call === '500') return void res.writeHead(500).end('boom');
        if (raw.mode.call === 'reset') {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          res.flushHeaders();
          return void setTimeout(() => res.socket?.destroy(), 20);
        }
        return reply({ content: [{ type: 'text', text: 'worked' }] });
      }
      return void reply({});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  raw.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/mcp`;
  cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
  return raw;
}

async function fixture(args: string[]): Promise<HttpFixture> {
  const started = await startHttpFixture(args);
  cleanups.push(() => started.stop());
  return started;
}

describe('HTTP / SSE faults', () => {
  it('maps a 500 to an error naming the server and never replays the tools/call', async () => {
    const raw = await rawServer();
    const pool = makePool([remoteEntry('raw', raw.url, 'streamable-http', FAST)], pools);
    await pool.start();
    raw.mode.call = '500';
    await expect(pool.request('raw', 'tools/call', { name: 'work' })).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
      message: expect.stringContaining('server "raw"'),
    });
    // A later call goes through once the connection is back; a replay of the first would count 3.
    await waitForState(pool, 'raw', 'ready');
    raw.mode.call = 'ok';
    await expect(pool.request('raw', 'tools/call', { name: 'work' })).resolves.toMatchObject({ content: [{ text: 'worked' }] });
    expect(raw.calls).toBe(2);
  });

  it('fails a call whose response stream is reset after the headers, without replaying it', async () => {
    const raw = await rawServer();
    const pool = makePool([remoteEntry('raw', raw.url, 'streamable-http', FAST)], pools);
    await pool.start();
    raw.mode.call = 'reset';
    await expect(pool.request('raw', 'tools/call', { name: 'work' })).rejects.toMatchObject({ message: expect.stringContaining('server "raw"') });
    expect(raw.calls).toBe(1);
  });

  it('re-initializes and re-lists once when the server forgets the session (404); the call in flight fails cleanly', async () => {
    const raw = await rawServer();
    const pool = makePool([remoteEntry('raw', raw.url, 'streamable-http', FAST)], pools);
    await pool.start();
    raw.sessions.clear();
    await expect(pool.request('raw', 'tools/call', { name: 'work' })).rejects.toMatchObject({ message: expect.stringContaining('server "raw"') });
    await waitForState(pool, 'raw', 'ready', 2000);
    expect(pool.get('raw')?.status()).toMatchObject({ restarts: 1, tools: 1 });
    await expect(pool.request('raw', 'tools/call', { name: 'work' })).resolves.toMatchObject({ content: [{ text: 'worked' }] });
  });

  it('recycles a connection refused mid-session, with bounded attempts, then fails', async () => {
    const http = await fixture(['--name', 'web']);
    const pool = makePool([remoteEntry('web', `http://127.0.0.1:${http.port}/mcp`, 'streamable-http', FAST)], pools);
    await pool.start();
    await http.stop();
    await expect(pool.request('web', 'tools/call', { name: 'echo', arguments: {} })).rejects.toMatchObject({
      code: 'CONNECTION_CLOSED',
      // Whichever notices first: the call (ECONNREFUSED) or the standalone event stream.
      message: expect.stringMatching(/server "web" (could not be reached for tools\/call \(.*ECONNREFUSED|closed the connection while handling tools\/call)/),
    });
    await waitForState(pool, 'web', 'failed', 5000);
    expect(pool.get('web')?.status()).toMatchObject({ breaker: 'open', restarts: 2 });
  });

  it('gives up on a legacy SSE stream that drops for good after bounded reconnects', async () => {
    const sse = await fixture(['--name', 'legacy', '--sse']);
    const pool = makePool([remoteEntry('legacy', `http://127.0.0.1:${sse.port}/sse`, 'sse', FAST)], pools);
    await pool.start();
    expect(pool.ready('legacy')).toBe(true);
    await sse.stop();
    await waitForState(pool, 'legacy', 'failed', 5000);
    expect(pool.get('legacy')?.status()).toMatchObject({ breaker: 'open', restarts: 2 });
  });

  it('aborts a body over maxMessageBytes while it streams, and enforces the deadline on a slow one', async () => {
    const http = await fixture(['--name', 'blobs', '--blob']);
    const pool = makePool([remoteEntry('blobs', `http://127.0.0.1:${http.port}/mcp`, 'streamable-http', { ...FAST, maxMessageBytes: 64 * 1024 })], pools);
    await pool.start();
    await expect(pool.request('blobs', 'tools/call', { name: 'blob', arguments: { bytes: 1_000_000 } })).rejects.toMatchObject({
      message: expect.stringContaining('exceeds 65536 bytes (maxMessageBytes)'),
    });
    await waitForState(pool, 'blobs', 'ready', 3000);
    await expect(pool.request('blobs', 'tools/call', { name: 'sleep', arguments: { ms: 2000 } }, { timeout: 200 })).rejects.toMatchObject({
      code: 'REQUEST_TIMEOUT',
    });
  });

  it('refuses a legacy SSE endpoint on another origin', async () => {
    const server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: http://evil.example:9/messages\n\n');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))));
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const pool = makePool([remoteEntry('evil', `http://127.0.0.1:${port}/sse`, 'sse', { ...FAST, restart: { maxRetries: 0 } })], pools);
    await pool.start();
    expect(pool.get('evil')?.status()).toMatchObject({
      state: 'failed',
      lastError: expect.stringContaining('Endpoint origin does not match connection origin'),
    });
  });
});
