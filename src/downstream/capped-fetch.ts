/**
 * A `fetch` for the remote transports that enforces `maxMessageBytes` while the body streams:
 * a JSON body as a whole, an event stream per event (bytes since the last blank line), so a
 * long-lived SSE stream is never cut for its total size. A `Content-Length` over the cap fails
 * before a byte is read.
 */

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
    const response = await base(url, init);
    if (!response.body || NULL_BODY_STATUSES.has(response.status)) return response;
    const length = Number(response.headers.get('content-length') ?? NaN);
    if (length > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      throw new MessageTooLargeError(maxBytes);
    }
    const perEvent = (response.headers.get('content-type') ?? '').includes('text/event-stream');
    const counter = perEvent ? eventCounter(maxBytes) : totalCounter(maxBytes);
    const body = response.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          if (!counter(chunk)) {
            controller.error(new MessageTooLargeError(maxBytes));
            return;
          }
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
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
