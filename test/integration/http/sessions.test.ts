/**
 * The "Upstream input and sessions" cases of HTTP hosting: abandoned sessions reaped after the
 * idle TTL with their transports and servers closed and memory back near baseline; an open
 * stream keeps a session alive; two sessions using the same request id, one cancelling;
 * notifications reaching each live session once.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Notification } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../helpers/gateway-client.js';
import type { HttpGateway } from './helpers.js';
import { connectClient, INITIALIZE, openSession, post, startHttpGateway, TOKEN } from './helpers.js';
import type { RecordingServer } from './recording-server.js';
import { startRecordingServer } from './recording-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

describe('abandoned sessions', () => {
  // Long enough that a batch of 100 sessions opens well within it on a loaded 2-core machine.
  const TTL = 1_500;
  let gw: HttpGateway;

  beforeAll(async () => {
    gw = await startHttpGateway(undefined, { sessionIdleTtlMs: TTL });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('reaps 1000 abandoned sessions after the idle TTL, closing their transports and servers', async () => {
    // Warm up (JIT, lazily loaded code) with a first round, so the baseline holds what stays anyway.
    await Promise.all(Array.from({ length: 100 }, () => openSession(gw.url)));
    await eventually(() => gw.serving.sessions === 0, { timeout: 10_000 });
    const baseline = heapAfterGc();

    let peakSessions = 0;
    let peakHeap = 0;
    for (let i = 0; i < 1000; i += 100) {
      await Promise.all(Array.from({ length: 100 }, () => openSession(gw.url)));
      peakSessions = Math.max(peakSessions, gw.serving.sessions);
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }
    expect(peakSessions).toBeGreaterThanOrEqual(100);

    await eventually(() => gw.serving.sessions === 0 && gw.gateway.sessionCount === 0, { timeout: 20_000, interval: 50 });
    const after = heapAfterGc();
    // A live session (transport, SDK Server, handlers) costs about 50 kB: 1000 leaked would be ~50 MB.
    // The bound is a fifth of that, so coverage instrumentation's own allocations stay under it.
    expect(after - baseline).toBeLessThan(10_000_000);
    expect(peakHeap).toBeGreaterThan(after);
  }, 60_000);

  it('answers a reaped session with 404', async () => {
    const session = await openSession(gw.url);
    await eventually(() => gw.serving.sessions === 0, { timeout: 10_000 });
    const response = await post(gw.url, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { 'mcp-session-id': session });
    expect(response.status).toBe(404);
  });

  it('keeps a session whose server stream is open, and reaps it once the stream closes', async () => {
    const session = await openSession(gw.url);
    const stream = new AbortController();
    const response = await fetch(gw.url, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${TOKEN}`, 'mcp-session-id': session },
      signal: stream.signal,
    });
    expect(response.status).toBe(200);
    // A session idle since after the stream opened is reaped first: the sweep that takes it
    // found the streaming one idle for longer, and kept it.
    await openSession(gw.url);
    expect(gw.serving.sessions).toBe(2);
    await eventually(() => gw.serving.sessions === 1, { what: 'the idle session reaped' });
    expect(gw.serving.sessions).toBe(1);
    stream.abort();
    await eventually(() => gw.serving.sessions === 0, { timeout: 10_000 });
  });

  it('does not count a refused initialize as a session', async () => {
    const response = await post(gw.url, INITIALIZE, { accept: 'text/event-stream' });
    expect(response.status).toBe(406);
    expect(gw.serving.sessions).toBe(0);
    expect(gw.gateway.sessionCount).toBe(0);
  });
});

describe('two sessions with the same request id', () => {
  let recorder: RecordingServer;
  let gw: HttpGateway;

  beforeAll(async () => {
    recorder = await startRecordingServer();
    gw = await startHttpGateway(`
servers:
  rec:
    url: ${recorder.url}
    transport: streamable-http
`);
  });
  afterAll(async () => {
    await gw?.stop();
    await recorder?.close();
  });

  it('gives each its own result and cancels downstream only the one that cancelled', async () => {
    const sent: { session: string | null; id: unknown }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      if (typeof init?.body === 'string') {
        const message = JSON.parse(init.body) as { id?: unknown; method?: string };
        if (message.method === 'tools/call') sent.push({ session: new Headers(init.headers).get('mcp-session-id'), id: message.id });
      }
      return fetch(input, init);
    };
    const a = await connectClient(gw.url, TOKEN, recordingFetch);
    const b = await connectClient(gw.url, TOKEN, recordingFetch);
    const abort = new AbortController();
    const callA = a.client.callTool({ name: 'rec__slow', arguments: { ms: 30_000, tag: 'a' } }, { signal: abort.signal });
    const callB = b.client.callTool({ name: 'rec__slow', arguments: { ms: 800, tag: 'b' } });
    await eventually(() => sent.length === 2);
    // Both hosts numbered their call alike: the same JSON-RPC id in two sessions.
    expect(sent[0]?.id).toBe(sent[1]?.id);
    expect(sent[0]?.session).not.toBe(sent[1]?.session);
    await eventually(() => recorder.slow.started === 2, { what: 'both calls running downstream' });
    abort.abort();
    await expect(callA).rejects.toThrow();
    const resultB = await callB;
    expect(JSON.stringify(resultB.content)).toContain('b slept 800');
    await eventually(() => recorder.slow.completed === 1 && recorder.slow.aborted === 1);
    expect(recorder.cancelled).toHaveLength(1);
    await a.client.close();
    await b.client.close();
  });
});

describe('notifications', () => {
  let gw: HttpGateway;

  beforeAll(async () => {
    gw = await startHttpGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('sends list_changed once to each live session', async () => {
    let streams = 0;
    const countingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if ((init?.method ?? 'GET') === 'GET' && response.ok) streams += 1;
      return response;
    };
    const clients = await Promise.all([
      connectClient(gw.url, TOKEN, countingFetch),
      connectClient(gw.url, TOKEN, countingFetch),
      connectClient(gw.url, TOKEN, countingFetch),
    ]);
    const seen: Notification[][] = clients.map(() => []);
    clients.forEach(({ client }, i) => {
      client.setNotificationHandler('notifications/tools/list_changed', (n) => void seen[i]?.push(n));
    });
    // Each client's server stream (GET) is open before anything is announced.
    await eventually(() => streams === 3, { what: 'three server streams open' });
    const changes = () => seen.map((s) => s.filter((n) => n.method === 'notifications/tools/list_changed').length);
    // Two changes one after the other: a duplicate of the first would arrive before the second.
    await clients[0]?.client.callTool({ name: 'alpha__add_tool', arguments: {} });
    await eventually(() => changes().every((n) => n >= 1), { what: 'the first change announced to all' });
    await clients[0]?.client.callTool({ name: 'alpha__add_tool', arguments: {} });
    await eventually(() => changes().every((n) => n >= 2), { what: 'the second change announced to all' });
    expect(changes()).toEqual([2, 2, 2]);
    await Promise.all(clients.map(({ client }) => client.close()));
  });
});
