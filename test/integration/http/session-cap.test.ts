/**
 * `settings.http.maxSessions`: at the cap the least recently seen idle session is closed to make
 * room; when every session has an exchange in progress, a new one gets 503 with a JSON-RPC body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGateway } from './helpers.js';
import { errorOf, MCP_HEADERS, openSession, post, startHttpGateway, TOKEN, INITIALIZE } from './helpers.js';

const PING = { jsonrpc: '2.0', id: 7, method: 'ping' };

describe('session cap', () => {
  let gw: HttpGateway;
  beforeAll(async () => {
    gw = await startHttpGateway(undefined, { maxSessions: 3 });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('evicts the oldest idle session at the cap, and answers 503 when none is idle', async () => {
    const first = await openSession(gw.url);
    const second = await openSession(gw.url);
    const third = await openSession(gw.url);
    // Touch the first so the second becomes the least recently seen.
    const touched = await post(gw.url, PING, { 'mcp-session-id': first });
    await touched.text();
    expect(touched.status).toBe(200);

    const fourth = await openSession(gw.url);
    expect(gw.serving.sessions).toBe(3);
    const gone = await post(gw.url, PING, { 'mcp-session-id': second });
    expect(gone.status).toBe(404);
    await gone.text();
    for (const id of [first, third, fourth]) {
      const alive = await post(gw.url, PING, { 'mcp-session-id': id });
      await alive.text();
      expect(alive.status).toBe(200);
    }

    // An open SSE stream keeps each session busy: none can be evicted.
    const aborts = [first, third, fourth].map(() => new AbortController());
    const streams = await Promise.all(
      [first, third, fourth].map((id, i) =>
        fetch(gw.url, {
          method: 'GET',
          headers: { ...MCP_HEADERS, accept: 'text/event-stream', authorization: `Bearer ${TOKEN}`, 'mcp-session-id': id },
          signal: aborts[i]?.signal,
        }),
      ),
    );
    for (const stream of streams) expect(stream.status).toBe(200);
    const refused = await post(gw.url, INITIALIZE);
    expect(refused.status).toBe(503);
    const error = await errorOf(refused);
    expect(error.message).toContain('maxSessions');
    expect(gw.serving.sessions).toBe(3);
    for (const abort of aborts) abort.abort();
  });
});
