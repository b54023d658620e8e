/**
 * The client side of the stdio transport, for a gateway that must outlive its children.
 *
 * What it does that the SDK's `StdioClientTransport` does not:
 * - spawns the child as the leader of its own process group, and `close()` ends the whole group
 *   (stdin closed → SIGTERM → SIGKILL), so `sh -c` and `npx` wrappers leave nothing behind;
 * - drops stdout lines that are not JSON-RPC (banners, half JSON, non-UTF-8), counting them and
 *   warning at most once per `warnEveryMs`, instead of reporting an error per line;
 * - caps a message at `maxMessageBytes` and reports the first oversized one (`onOversize`);
 * - frames lines without re-joining its whole buffer per chunk (see `LineFramer`);
 * - survives EPIPE and friends on a dead child's pipes: `send` rejects, nothing is thrown.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { PassThrough } from 'node:stream';
import type { Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import type { Logger } from '../log.js';
import { BatchedWriter } from '../shared/batched-writer.js';
import { jsonRpcProblem } from '../shared/jsonrpc.js';
import { LineFramer } from '../shared/line-framer.js';
import { terminate, type TerminateOptions } from './terminate.js';

export interface StdioTransportOptions {
  command: string;
  args: string[];
  /** The child's whole environment (no inheritance beyond it). */
  env: Record<string, string>;
  cwd?: string;
  /** Largest stdout line, in bytes. */
  maxMessageBytes: number;
  logger: Logger;
  /** A message over the cap arrived; the transport keeps running, the owner decides. */
  onOversize?: (bytes: number) => void;
  /** At most one "dropped N lines" warning per this many ms. @default 60000 */
  warnEveryMs?: number;
  terminate?: TerminateOptions;
}

/** How a stdio child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ProcessGroupStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** The child's stderr, available before `start()`; drain it. */
  readonly stderr = new PassThrough();
  child: ChildProcess | undefined;
  exitInfo: ChildExit | undefined;
  /** Stdout lines dropped because they were not JSON-RPC messages. */
  droppedLines = 0;
  private readonly framer: LineFramer;
  /** Requests sent in the same tick reach the child in one write. */
  private readonly writer = new BatchedWriter(() => this.child?.stdin ?? undefined);
  private lastWarnAt = -Infinity;
  private droppedSinceWarn = 0;
  private closed = false;
  /** Ending what the leader left in its group after it exited on its own. */
  private reaping: Promise<void> | undefined;

  constructor(private readonly options: StdioTransportOptions) {
    this.framer = new LineFramer({
      maxBytes: options.maxMessageBytes,
      onLine: (line) => this.onLine(line),
      onOversize: (bytes) => options.onOversize?.(bytes),
    });
  }

  start(): Promise<void> {
    if (this.child) throw new Error('already started');
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.command, this.options.args, {
        env: this.options.env,
        cwd: this.options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
        detached: true,
        shell: false,
        windowsHide: true,
      });
      this.child = child;
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
        this.finish();
      });
      child.once('spawn', () => resolve());
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        // The leader is gone: whatever it left in its group (a wrapper's server) goes too.
        if (!this.closed) this.reaping = terminate(child, { ...this.options.terminate, graceMs: 0 });
      });
      child.once('close', () => this.finish());
      child.stdout.on('data', (chunk: Buffer) => this.framer.push(chunk));
      child.stderr.pipe(this.stderr);
      // EPIPE / ECONNRESET on a dead child's pipes: the close above reports it; never throw.
      for (const stream of [child.stdin, child.stdout, child.stderr]) stream.on('error', (error) => this.options.logger.debug(`pipe: ${error.message}`));
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    const stdin = this.child?.stdin;
    if (this.closed || !stdin) return Promise.reject(new Error('Not connected'));
    // The child's end is gone but its exit has not been reported yet: a broken pipe, which fails
    // this request as a lost connection (never the SDK's bare "Not connected").
    if (stdin.destroyed || !stdin.writable) return Promise.reject(Object.assign(new Error('the server process no longer reads its stdin'), { code: 'EPIPE' }));
    return this.writer.write(`${JSON.stringify(message)}\n`);
  }

  /** End the child and its process group; `onclose` fires once it is gone. */
  async close(): Promise<void> {
    const child = this.child;
    await this.reaping;
    if (child) await terminate(child, this.options.terminate);
    this.finish();
  }

  private onLine(line: Buffer): void {
    if (line.length === 0) return;
    let message: JSONRPCMessage | undefined;
    try {
      const parsed: unknown = JSON.parse(line.toString('utf8'));
      if (jsonRpcProblem(parsed) === undefined) message = parsed as JSONRPCMessage;
    } catch {
      // Not JSON.
    }
    if (message) {
      this.onmessage?.(message);
      return;
    }
    this.droppedLines++;
    this.droppedSinceWarn++;
    const now = performance.now();
    if (now - this.lastWarnAt >= (this.options.warnEveryMs ?? 60_000)) {
      this.lastWarnAt = now;
      const sample = line.toString('utf8', 0, Math.min(line.length, 80)).replace(/[^\x20-\x7e]/g, '?');
      this.options.logger.warn(`dropped ${this.droppedSinceWarn} stdout line(s) that are not JSON-RPC (servers must log to stderr), e.g. "${sample}"`);
      this.droppedSinceWarn = 0;
    }
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    this.framer.clear();
    this.onclose?.();
  }
}
