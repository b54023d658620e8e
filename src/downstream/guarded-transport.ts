/**
 * A decorator around any client transport that makes what the SDK `Protocol` sees well-ordered
 * and well-formed:
 *
 * - A response that arrives in the same turn as a notification is delivered one macrotask later
 *   (`setImmediate`), and every message after it waits behind it, so order is kept. The SDK
 *   dispatches notifications in a microtask but handles responses synchronously, deleting the
 *   request's progress handler first; a progress notification read in the same chunk as its final
 *   response was therefore dropped (typescript-sdk #2580). One tick later, the progress handler has
 *   run. A response with no notification before it in its turn goes straight through.
 * - Responses whose `id` is not a string or number (`id: null`) are dropped and counted: the SDK
 *   would turn `null` into request 0 and could resolve the wrong request.
 * - The id of the last request sent is kept (`lastRequestId`), so the owner can send its own
 *   `notifications/cancelled` when the SDK does not (the `maxTotalTimeout` path).
 * - On a 2026-07-28 connection (`completeWithoutResultType`), a result without `resultType` is a
 *   complete one, as the revision tells clients to read it; the SDK client refuses such a result.
 */
import type { Transport, TransportSendOptions, JSONRPCMessage, RequestId } from '@modelcontextprotocol/server';
import { exceedsDepth, MAX_RESULT_DEPTH } from '../shared/depth.js';

type MessageExtra = Parameters<NonNullable<Transport['onmessage']>>[1];

export class GuardedTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: Transport['onmessage'];
  /** The id of the most recent request sent through this transport. */
  lastRequestId: RequestId | undefined;
  /** Responses dropped because their id was neither a string nor a number. */
  droppedResponses = 0;
  /** Read a 2026-07-28 result without `resultType` as complete (set once the era is known). */
  completeWithoutResultType = false;
  private queue: Array<[JSONRPCMessage, MessageExtra]> = [];
  private flushing: NodeJS.Immediate | undefined;
  private closing = false;
  private closeReported = false;
  /** A notification went out this turn: responses wait for the next one. */
  private settling = false;

  constructor(readonly inner: Transport) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  setProtocolVersion(version: string): void {
    this.inner.setProtocolVersion?.(version);
  }

  async start(): Promise<void> {
    this.inner.onmessage = (message, extra) => this.receive(message, extra);
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onclose = () => {
      // Whatever was read before the close is delivered first (a final response must not lose the
      // race against the close that rejects its request), in the same careful order as always:
      // `flush` reports the close once the queue is empty.
      this.closing = true;
      this.flush();
    };
    await this.inner.start();
  }

  async send(message: JSONRPCMessage, options?: TransportSendOptions): Promise<void> {
    if ('method' in message && 'id' in message) this.lastRequestId = message.id;
    await this.inner.send(message, options);
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  private receive(incoming: JSONRPCMessage, extra: MessageExtra): void {
    const within = withinDepth(incoming, (error) => this.onerror?.(error));
    if (!within) return;
    const message = this.completeWithoutResultType ? withResultType(within) : within;
    const isResponse = !('method' in message);
    if (isResponse) {
      const id = (message as { id?: unknown }).id;
      if (typeof id !== 'string' && typeof id !== 'number') {
        this.droppedResponses++;
        this.onerror?.(new Error(`dropped a response without a usable id: ${JSON.stringify(message).slice(0, 200)}`));
        return;
      }
    }
    if (this.queue.length === 0) {
      if (!isResponse) return this.deliverNotification(message, extra);
      // No notification went out this turn: nothing to wait for.
      if (!this.settling) return this.onmessage?.(message, extra);
    }
    this.queue.push([message, extra]);
    this.flushing ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushing) clearImmediate(this.flushing);
    this.flushing = undefined;
    while (this.queue.length > 0) {
      const [message, extra] = this.queue[0] as [JSONRPCMessage, MessageExtra];
      const isResponse = !('method' in message);
      // A response never follows a notification in the same turn, for the same reason as above,
      // even while closing (a progress notification read just before a crash is not dropped).
      if (isResponse && this.settling) {
        this.flushing = setImmediate(() => this.flush());
        return;
      }
      this.queue.shift();
      if (isResponse) this.onmessage?.(message, extra);
      else this.deliverNotification(message, extra);
    }
    if (this.closing && !this.closeReported) {
      this.closeReported = true;
      this.onclose?.();
    }
  }

  /** Delivers a notification and holds responses back until the SDK's handlers for it have run. */
  private deliverNotification(message: JSONRPCMessage, extra: MessageExtra): void {
    if (!this.settling) {
      this.settling = true;
      setImmediate(() => (this.settling = false));
    }
    this.onmessage?.(message, extra);
  }
}

/**
 * A message nested deeper than `MAX_RESULT_DEPTH` would overflow the stack of every recursive walk
 * after it (the SDK's validation, `JSON.stringify`): a response becomes an error response for its
 * request, so the caller gets an answer instead of a hang; anything else is dropped and reported.
 */
function withinDepth(message: JSONRPCMessage, report: (error: Error) => void): JSONRPCMessage | undefined {
  if (!exceedsDepth(message, MAX_RESULT_DEPTH)) return message;
  const id = (message as { id?: unknown }).id;
  const what = `a message nested deeper than ${MAX_RESULT_DEPTH} levels`;
  if (!('method' in message) && (typeof id === 'string' || typeof id === 'number')) {
    report(new Error(`refused ${what} (the response to request ${id})`));
    return { jsonrpc: '2.0', id, error: { code: -32603, message: `the server sent ${what}; the gateway refused it` } } as JSONRPCMessage;
  }
  report(new Error(`dropped ${what}`));
  return undefined;
}

/** A response whose object `result` has no `resultType`, with `resultType: 'complete'`; anything else as is. */
function withResultType(message: JSONRPCMessage): JSONRPCMessage {
  if ('method' in message || !('result' in message)) return message;
  const result = message.result as Record<string, unknown> | null;
  if (typeof result !== 'object' || result === null || 'resultType' in result) return message;
  return { ...message, result: { ...result, resultType: 'complete' } } as JSONRPCMessage;
}
