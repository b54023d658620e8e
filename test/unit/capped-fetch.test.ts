import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { cappedFetch, MessageTooLargeError } from '../../src/downstream/capped-fetch.js';

/** A `fetch` that answers every request with `body`, recording the signal it was given. */
function fakeFetch(body: string, contentType = 'application/json') {
  const seen: AbortSignal[] = [];
  const fetch = async (_url: string | URL, init?: RequestInit) => {
    if (init?.signal) seen.push(init.signal);
    return new Response(body, { headers: { 'content-type': contentType } });
  };
  return { fetch, seen };
}

describe('cappedFetch', () => {
  it('leaves no abort listener on the shared transport signal once requests are done (listener leak)', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
    try {
      // Real requests through Node's fetch, which keeps a listener per request on the signal it gets.
      const shared = new AbortController().signal;
      const capped = cappedFetch(1024);
      for (let i = 0; i < 20; i++) await (await capped(url, { signal: shared })).json();
      expect(getEventListeners(shared, 'abort')).toHaveLength(0);
    } finally {
      server.close();
    }
  });

  it('unlinks every request whether its body is read or cancelled', async () => {
    const shared = new AbortController().signal;
    const { fetch } = fakeFetch('{"ok":true}');
    const capped = cappedFetch(1024, fetch);
    for (let i = 0; i < 500; i++) {
      const response = await capped('http://127.0.0.1/mcp', { signal: shared });
      if (i % 2 === 0) await response.json();
      else await response.body?.cancel();
    }
    expect(getEventListeners(shared, 'abort')).toHaveLength(0);
  });

  it('still aborts a request in flight when the shared signal aborts', async () => {
    const controller = new AbortController();
    const { fetch, seen } = fakeFetch('{}');
    const unread = await cappedFetch(1024, fetch)('http://127.0.0.1/mcp', { signal: controller.signal });
    controller.abort(new Error('transport closed'));
    // Its body was never read, so the request still counts as in flight and follows the abort.
    expect(seen[0]?.aborted).toBe(true);
    await unread.body?.cancel();
    const pending = cappedFetch(1024, async (_u, init) => {
      await new Promise((resolve) => init?.signal?.addEventListener('abort', resolve));
      throw init?.signal?.reason;
    });
    const next = new AbortController();
    const request = pending('http://127.0.0.1/mcp', { signal: next.signal });
    next.abort(new Error('stop'));
    await expect(request).rejects.toThrow('stop');
  });

  it('fails a body larger than the cap while it streams', async () => {
    const { fetch } = fakeFetch('x'.repeat(2048), 'application/json');
    const response = await cappedFetch(1024, fetch)('http://127.0.0.1/mcp', {});
    await expect(response.text()).rejects.toBeInstanceOf(MessageTooLargeError);
  });
});
