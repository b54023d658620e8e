/**
 * A `fetch` for the remote transports that enforces `maxMessageBytes` while the body streams:
 * a JSON body as a whole, an event stream per event (bytes since the last blank line), so a
 * long-lived SSE stream is never cut for its total size. A `Content-Length` over the cap fails
 * before a byte is read.
 */

import { setMaxListeners } from 'node:events';

/** The message the transports and the connection recognise. */
export class MessageTooLargeError extends Error {
  override readonly name = 'MessageTooLargeError';
  constructor(readonly limit: number) {
    super(`response exceeds ${limit} bytes (maxMessageBytes)`);
  }
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

export function cappedFetch(maxBytes: number, base: Fetch = fetch): Fetch {
  return async (url, init) => {
    const link = linkSignal(init?.signal ?? undefined);
    let response: Response;
    try {
      response = await base(url, { ...init, ...(link.signal ? { signal: link.signal } : {}) });
    } catch (error) {
      link.unlink();
      throw error;
    }
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) {
      link.unlink();
      return response;
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (length > maxBytes) {
      link.unlink();
      await response.body.cancel().catch(() => undefined);
      throw new MessageTooLargeError(maxBytes);
    }
    const perEvent = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    const counter = perEvent ? eventCounter(maxBytes) : totalCounter(maxBytes);
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (done) {
            link.unlink();
            controller.close();
          } else if (!counter(value)) {
            link.unlink();
            controller.error(new MessageTooLargeError(maxBytes));
            void reader.cancel().catch(() => undefined);
          } else {
            controller.enqueue(value);
          }
        } catch (error) {
          link.unlink();
          controller.error(error);
        }
      },
      // The transport stops reading an event stream once it has its answer: that ends the link too.
      cancel(reason) {
        link.unlink();
        return reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/**
 * A per-request signal that follows the caller's. The SDK's HTTP transports pass one long-lived
 * signal to every request, and Node's fetch keeps an abort listener on it per request long after
 * the request is done: thousands pile up under load (a leak, and MaxListenersExceeded warnings).
 * Each request gets its own controller instead, linked to the caller's signal until its body ends.
 */
function linkSignal(outer: AbortSignal | undefined): { signal: AbortSignal | undefined; unlink: () => void } {
  if (!outer) return { signal: undefined, unlink: () => {} };
  const inner = new AbortController();
  if (outer.aborted) {
    inner.abort(outer.reason);
    return { signal: inner.signal, unlink: () => {} };
  }
  const forward = () => inner.abort(outer.reason);
  // One listener per request in flight, each removed when its request ends: not a leak, however
  // many requests share the transport's signal at once.
  setMaxListeners(0, outer);
  outer.addEventListener('abort', forward, { once: true });
  let linked = true;
  const unlink = () => {
    if (!linked) return;
    linked = false;
    outer.removeEventListener('abort', forward);
  };
  inner.signal.addEventListener('abort', unlink, { once: true });
  return { signal: inner.signal, unlink };
}

/** `false` once the sum of all chunks passes `max`. */
function totalCounter(max: number): (chunk: Uint8Array) => boolean {
  let total = 0;
  return (chunk) => (total += chunk.length) <= max;
}

/** `false` once the bytes since the last blank line (an SSE event boundary) pass `max`. */
function eventCounter(max: number): (chunk: Uint8Array) => boolean {
  let inEvent = 0;
  let lineLength = 0;
  return (chunk) => {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline === -1) {
        lineLength += chunk.length - start;
        inEvent += chunk.length - start;
        return inEvent <= max;
      }
      const piece = newline - start;
      const blank = lineLength + piece === 0 || (lineLength + piece === 1 && chunk[newline - 1] === 0x0d);
      inEvent = blank ? 0 : inEvent + piece + 1;
      lineLength = 0;
      if (inEvent > max) return false;
      start = newline + 1;
    }
  };
}
