/**
 * The host side of stdio: newline-delimited JSON-RPC on stdin/stdout, written for a gateway.
 *
 * Compared with the SDK's `StdioServerTransport`:
 * - input that is not JSON-RPC is answered, never fatal: invalid JSON gets -32700, a batch array or
 *   a malformed message -32600 (with its id when it has one), an over-long line -32700, and the
 *   process stays up;
 * - a message split over many chunks is joined once (the SDK re-joins its whole buffer per chunk);
 * - messages sent in the same tick go out in one `write` (one syscall instead of one per message);
 * - the end of stdin, or a broken stdout (EPIPE), closes the transport instead of crashing.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import { LineFramer } from '../shared/line-framer.js';

export interface StdioHostTransportOptions {
  /** Largest message accepted from the host, in bytes. @default 64 MiB */
  maxMessageBytes?: number;
  /** Called for each line that was not a JSON-RPC message (after it was answered). */
  onInvalid?: (reason: string) => void;
}

type Id = string | number;

export class StdioHostTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #framer: LineFramer;
  #queue: string[] = [];
  #waiters: (() => void)[] = [];
  #scheduled = false;
  #closed = false;

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly options: StdioHostTransportOptions = {},
  ) {
    this.#framer = new LineFramer({
      maxBytes: options.maxMessageBytes ?? 64 * 1024 * 1024,
      onLine: (line) => this.#receive(line),
      onOversize: (bytes) => this.#reject(null, ErrorCode.ParseError, `message larger than ${bytes - 1} bytes refused`),
    });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.#onData);
    this.stdin.on('end', this.#onEnd);
    this.stdin.on('close', this.#onEnd);
    this.stdin.on('error', this.#onStreamError);
    this.stdout.on('error', this.#onStreamError);
  }

  send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return Promise.resolve();
    this.#queue.push(`${JSON.stringify(message)}\n`);
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flush);
    }
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#flush();
    this.#closed = true;
    this.stdin.off('data', this.#onData);
    this.stdin.off('end', this.#onEnd);
    this.stdin.off('close', this.#onEnd);
    this.stdin.off('error', this.#onStreamError);
    (this.stdin as { pause?: () => void }).pause?.();
    this.#framer.clear();
    for (const resolve of this.#waiters.splice(0)) resolve();
    this.onclose?.();
  }

  readonly #onData = (chunk: Buffer | string) => {
    this.#framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };

  readonly #onEnd = () => void this.close();

  readonly #onStreamError = (error: Error) => {
    this.onerror?.(error);
    void this.close();
  };

  readonly #flush = () => {
    this.#scheduled = false;
    if (this.#queue.length === 0 || this.#closed) return;
    const data = this.#queue.length === 1 ? (this.#queue[0] as string) : this.#queue.join('');
    this.#queue = [];
    const waiters = this.#waiters;
    this.#waiters = [];
    const done = () => waiters.forEach((resolve) => resolve());
    try {
      if (this.stdout.write(data)) done();
      else this.stdout.once('drain', done);
    } catch (error) {
      done();
      this.#onStreamError(error as Error);
    }
  };

  #receive(line: Buffer): void {
    if (line.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      return this.#reject(null, ErrorCode.ParseError, 'Parse error: a line that is not JSON');
    }
    const problem = checkMessage(message);
    if (problem) return this.#reject(problem.id, ErrorCode.InvalidRequest, `Invalid Request: ${problem.reason}`);
    this.onmessage?.(message as JSONRPCMessage);
  }

  #reject(id: Id | null, code: number, message: string): void {
    this.options.onInvalid?.(message);
    // JSON-RPC answers an unidentifiable request with id null; the SDK's types do not allow it.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}

/** Why `value` is not a single JSON-RPC 2.0 message, or undefined when it is one. */
function checkMessage(value: unknown): { id: Id | null; reason: string } | undefined {
  if (Array.isArray(value)) return { id: null, reason: 'batches are not supported' };
  if (typeof value !== 'object' || value === null) return { id: null, reason: 'a message must be a JSON object' };
  const m = value as Record<string, unknown>;
  const id = typeof m.id === 'string' || typeof m.id === 'number' ? m.id : null;
  if (m.jsonrpc !== '2.0') return { id, reason: 'jsonrpc must be "2.0"' };
  if ('method' in m) {
    if (typeof m.method !== 'string') return { id, reason: 'method must be a string' };
    if ('id' in m && id === null) return { id: null, reason: 'id must be a string or a number' };
    if ('params' in m && (typeof m.params !== 'object' || m.params === null)) return { id, reason: 'params must be an object' };
    return undefined;
  }
  if (id === null) return { id: null, reason: 'a response needs a string or number id' };
  if (!('result' in m) && !('error' in m)) return { id, reason: 'neither method, result nor error' };
  return undefined;
}
