/**
 * The client-side SDK seams (src/downstream/sdk-seams.ts) against the installed SDK: each test
 * fails if the SDK changes the behaviour the seam relies on.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InMemoryTransport, Server, SdkErrorCode, SdkError } from '@modelcontextprotocol/server';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GuardedTransport } from '../../../src/downstream/guarded-transport.js';
import { isNotConnected, isReconnectGiveUp, localTimeoutOf, requestWithId } from '../../../src/downstream/sdk-seams.js';
import { eventually } from '../../helpers/eventually.js';

const Loose = z.looseObject({});
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(cleanup.splice(0).map((close) => close()));
});

/** A server whose `tools/call` records the id it saw and answers when `release` is called (or never). */
async function pair() {
  const server = new Server({ name: 'down', version: '1' }, { capabilities: { tools: {} } });
  const seen: (string | number)[] = [];
  const waiting: (() => void)[] = [];
  server.setRequestHandler('tools/call', async (request, ctx) => {
    seen.push(ctx.mcpReq.id);
    if (request.params.arguments?.progress === true) {
      for (let i = 1; i <= 3; i++) {
        await new Promise<void>((resolve) => waiting.push(resolve));
        await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: ctx.mcpReq._meta?.progressToken ?? 0, progress: i } });
      }
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    return { content: [] };
  });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const transport = new GuardedTransport(clientSide);
  const client = new Client({ name: 'gw', version: '1' });
  await Promise.all([server.connect(serverSide), client.connect(transport)]);
  cleanup.push(
    () => client.close(),
    () => server.close(),
  );
  return { client, transport, seen, release: () => waiting.splice(0).forEach((resolve) => resolve()) };
}

describe('requestWithId', () => {
  it('returns the id the server sees: the SDK sends inside request(), before its first await', async () => {
    const { client, transport, seen, release } = await pair();
    const first = requestWithId(client, transport, { method: 'tools/call', params: { name: 'a' } }, Loose, {});
    const second = requestWithId(client, transport, { method: 'tools/call', params: { name: 'b' } }, Loose, {});
    await eventually(() => {
      expect(seen).toHaveLength(2);
      return true;
    });
    expect([first.id, second.id]).toEqual(seen);
    expect(first.id).not.toBe(second.id);
    release();
    await Promise.all([first.response, second.response]);
  });
});

describe('isNotConnected', () => {
  it('recognizes the SDK refusing a request on a client that was never connected, and after close', async () => {
    const never = new Client({ name: 'gw', version: '1' });
    const refused = await never.request({ method: 'ping' }, Loose).catch((error: unknown) => error);
    expect(isNotConnected(refused)).toBe(true);

    const { client } = await pair();
    await client.close();
    const closed = await client.notification({ method: 'notifications/roots/list_changed' }).catch((error: unknown) => error);
    expect(isNotConnected(closed)).toBe(true);
    expect(isNotConnected(new Error('Not connected to the database'))).toBe(false);
  });
});

describe('localTimeoutOf', () => {
  it('tells the SDK’s per-request timeout and total timeout from a server answering -32001', async () => {
    vi.useFakeTimers();
    const { client, release } = await pair();
    const perRequest = client.request({ method: 'tools/call', params: { name: 'slow' } }, Loose, { timeout: 1_000 }).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(localTimeoutOf(await perRequest)).toEqual({ total: false });

    const total = client
      .request({ method: 'tools/call', params: { name: 'slow', arguments: { progress: true } } }, Loose, {
        timeout: 1_000,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: 1_500,
        onprogress: () => {},
      })
      .catch((error: unknown) => error);
    // Progress every 800 ms keeps the per-request timeout from firing; the total is checked at each progress.
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(800);
      release();
    }
    expect(localTimeoutOf(await total)).toEqual({ total: true });
    expect(localTimeoutOf(new SdkError(SdkErrorCode.RequestTimeout, 'the server says it timed out'))).toBeUndefined();
    release();
  });
});

describe('isReconnectGiveUp', () => {
  it('recognizes the Streamable HTTP transport giving up on its event stream', async () => {
    // Just enough of a Streamable HTTP server: initialize answers with a session, the event stream ends at once.
    const http: HttpServer = createServer((req, res) => {
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/event-stream' }).end();
        return;
      }
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const message = JSON.parse(body) as { id?: number; method: string };
        if (message.id === undefined) return void res.writeHead(202).end();
        const result = { protocolVersion: '2025-06-18', capabilities: {}, serverInfo: { name: 'http', version: '1' } };
        res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 's1' }).end(JSON.stringify({ jsonrpc: '2.0', id: message.id, result }));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    cleanup.push(() => new Promise((resolve) => http.close(resolve)));
    const { port } = http.address() as AddressInfo;
    const transport = new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${port}/mcp`), {
      reconnectionOptions: { initialReconnectionDelay: 1, maxReconnectionDelay: 1, reconnectionDelayGrowFactor: 1, maxRetries: 0 },
    });
    const client = new Client({ name: 'gw', version: '1' });
    const gaveUp = new Promise<Error>((resolve) => {
      client.onerror = (error) => {
        if (isReconnectGiveUp(error)) resolve(error);
      };
    });
    await client.connect(transport);
    cleanup.push(() => client.close());
    expect((await gaveUp).message).toMatch(/reconnection/);
    expect(isReconnectGiveUp(new Error('Maximum reconnection attempts are configurable'))).toBe(false);
  });
});
