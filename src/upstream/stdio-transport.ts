import type { Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import { BatchedWriter } from '../shared/batched-writer.js';
import { jsonRpcProblem, type MessageId } from '../shared/jsonrpc.js';
import { LineFramer } from '../shared/line-framer.js';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_STALL_TIMEOUT, isDroppable } from './output-bound.js';
import { ProtocolErrorCode } from '@modelcontextprotocol/server';

export interface StdioHostTransportOptions {
  /** Largest message accepted from the host, in bytes. @default 64 MiB */
  maxMessageBytes?: number;
  /** Called for each line that was not a JSON-RPC message (after it was answered). */
  onInvalid?: (reason: string) => void;
  /** Output waiting for the host (characters) past which log messages are dropped. @default 8 MiB */
  maxBufferedBytes?: number;
  /** How long the host may stay past `maxBufferedBytes` before it is disconnected. @default 30000 */
  stallTimeout?: number;
  /** Sees every well-formed message from the host just before it is delivered. */
  onInbound?: (message: JSONRPCMessage) => void;
  /** Log messages dropped because the host was not reading; called on the first of each run. */
  onBacklog?: (event: { dropped: number; buffered: number }) => void;
}

export class StdioHostTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  readonly #framer: LineFramer;
  readonly #writer: BatchedWriter;
  #closed = false;
  #stall: NodeJS.Timeout | undefined;
  /** Log messages dropped over the transport's life because the host was not reading. */
  droppedLogs = 0;
  /**
   * Settles once the transport has closed, whoever owns `onclose` (the SDK's stdio entry does),
   * with why: `stdin closed`, or `stdio <code or message>` of the stream error or stall that closed it.
   */
  readonly closed: Promise<string>;
  #resolveClosed!: (reason: string) => void;
  #closeReason = 'stdin closed';

  constructor(
    private readonly stdin: NodeJS.ReadableStream = process.stdin,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly options: StdioHostTransportOptions = {},
  ) {
    this.closed = new Promise((resolve) => (this.#resolveClosed = resolve));
    this.#writer = new BatchedWriter(() => this.stdout);
    this.#framer = new LineFramer({
      maxBytes: options.maxMessageBytes ?? 64 * 1024 * 1024,
      onLine: (line) => this.#receive(line),
      onOversize: (bytes) => this.#reject(null, ProtocolErrorCode.ParseError, `message larger than ${bytes - 1} bytes refused`),
    });
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.#onData);
    this.stdin.on('end', this.#onEnd);
    this.stdin.on('close', this.#onEnd);
    this.stdin.on('error', this.#onStreamError);
    this.stdout.on('error', this.#onStreamError);
  }

  async send(message: JSONRPCMessage): Promise<void> {
    if (this.#closed) return;
    const max = this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    if (this.#buffered() > max) {
      this.#watchStall();
      if (isDroppable(message)) {
        this.droppedLogs++;
        if (this.droppedLogs === 1 || this.droppedLogs % 10_000 === 0) this.options.onBacklog?.({ dropped: this.droppedLogs, buffered: this.#buffered() });
        return;
      }
    }
    // A host that went away is reported by the stream's error event; the send itself never throws.
    await this.#writer.write(`${JSON.stringify(message)}\n`).catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearTimeout(this.#stall);
    this.stdout.off('drain', this.#onDrain);
    this.#writer.flush();
    this.#closed = true;
    this.stdin.off('data', this.#onData);
    this.stdin.off('end', this.#onEnd);
    this.stdin.off('close', this.#onEnd);
    this.stdin.off('error', this.#onStreamError);
    (this.stdin as { pause?: () => void }).pause?.();
    this.#framer.clear();
    this.#writer.abandon();
    this.#resolveClosed(this.#closeReason);
    this.onclose?.();
  }

  readonly #onData = (chunk: Buffer | string) => {
    this.#framer.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  };

  readonly #onEnd = () => void this.close();

  /** What the host has not taken yet: queued here, and buffered in the stream. */
  #buffered(): number {
    return this.#writer.queuedLength + ((this.stdout as { writableLength?: number }).writableLength ?? 0);
  }

  /** Past the bound: the host has `stallTimeout` to catch up (a `drain`), or it is disconnected. */
  #watchStall(): void {
    if (this.#stall !== undefined) return;
    this.stdout.once('drain', this.#onDrain);
    this.#stall = setTimeout(() => {
      this.#stall = undefined;
      const error = new Error(
        `the host has not read its output for ${this.options.stallTimeout ?? DEFAULT_STALL_TIMEOUT} ms (${this.#buffered()} bytes waiting); disconnecting it`,
      );
      this.#closeReason = `stdio ${error.message}`;
      this.onerror?.(error);
      void this.close();
    }, this.options.stallTimeout ?? DEFAULT_STALL_TIMEOUT);
    this.#stall.unref();
  }

  readonly #onDrain = () => {
    clearTimeout(this.#stall);
    this.#stall = undefined;
  };

  readonly #onStreamError = (error: Error & { code?: string }) => {
    this.#closeReason = `stdio ${error.code ?? error.message}`;
    this.onerror?.(error);
    void this.close();
  };

  #receive(line: Buffer): void {
    if (line.length === 0) return;
    let message: unknown;
    try {
      message = JSON.parse(line.toString('utf8'));
    } catch {
      return this.#reject(null, ProtocolErrorCode.ParseError, 'Parse error: a line that is not JSON');
    }
    const problem = jsonRpcProblem(message);
    if (problem) return this.#reject(problem.id, ProtocolErrorCode.InvalidRequest, `Invalid Request: ${problem.reason}`);
    this.options.onInbound?.(message as JSONRPCMessage);
    this.onmessage?.(message as JSONRPCMessage);
  }

  #reject(id: MessageId | null, code: number, message: string): void {
    this.options.onInvalid?.(message);
    // JSON-RPC answers an unidentifiable request with id null; the SDK's types do not allow it.
    void this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage);
  }
}
