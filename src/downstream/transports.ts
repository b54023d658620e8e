/**
 * One SDK client transport per catalog entry kind: stdio, Streamable HTTP, legacy SSE.
 *
 * `auto` is not a transport but an order of attempts (`transportAttempts`): the connection tries
 * Streamable HTTP and, when the server answers with a 4xx, falls back to SSE.
 */
import type { ChildProcess } from 'node:child_process';
import type { Stream } from 'node:stream';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';

export type TransportKind = 'stdio' | 'streamable-http' | 'sse';

/** How a stdio child ended. */
export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface CreatedTransport {
  kind: TransportKind;
  transport: Transport;
  /** The child's stderr (stdio only); consume it or the child blocks once the pipe is full. */
  stderr: Stream | null;
  /** The spawned child (stdio only, after `start()`). */
  child(): ChildProcess | undefined;
  /** How the child ended, once it has (stdio only). */
  exit(): ChildExit | undefined;
}

export interface CreateTransportOptions {
  logger: Logger;
  /** For a remote entry: which protocol to speak. @default the entry's transport, `auto` → 'streamable-http' */
  remote?: 'streamable-http' | 'sse';
}

/** The transports to try, in order, for `entry`. */
export function transportAttempts(entry: ServerEntry): TransportKind[] {
  if (entry.kind === 'stdio') return ['stdio'];
  return entry.transport === 'auto' ? ['streamable-http', 'sse'] : [entry.transport];
}

/** Whether a failed Streamable HTTP attempt means "this is a legacy SSE server" (spec: any 4xx). */
export function shouldFallBackToSse(error: unknown): boolean {
  const code = error instanceof StreamableHTTPError ? error.code : undefined;
  return code !== undefined && code >= 400 && code < 500;
}

/** HTTP status carried by an SDK transport error, if any. */
export function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof StreamableHTTPError || error instanceof SseError) return error.code;
  return undefined;
}

/**
 * `node` means the Node.js that runs the gateway: GUI hosts start servers with a short PATH, and a
 * catalog of Node servers should not depend on it.
 */
export function resolveCommand(command: string): string {
  return command === 'node' ? process.execPath : command;
}

export function createTransport(entry: ServerEntry, options: CreateTransportOptions): CreatedTransport {
  if (entry.kind === 'stdio') {
    const transport = new ObservedStdioTransport({
      command: resolveCommand(entry.command),
      args: entry.args,
      env: { ...getDefaultEnvironment(), ...entry.env },
      ...(entry.cwd !== undefined ? { cwd: entry.cwd } : {}),
      stderr: 'pipe',
    });
    options.logger.debug('spawning', { command: entry.command, args: entry.args, env: Object.keys(entry.env) });
    return {
      kind: 'stdio',
      transport,
      stderr: transport.stderr,
      child: () => transport.child,
      exit: () => transport.exitInfo,
    };
  }

  const kind = options.remote ?? (entry.transport === 'auto' ? 'streamable-http' : entry.transport);
  const url = new URL(entry.url);
  // Header values are secrets (tokens): log their names only.
  options.logger.debug('connecting', { url: redactUrl(url), transport: kind, headers: Object.keys(entry.headers) });
  const requestInit: RequestInit = { headers: { ...entry.headers } };
  const transport =
    kind === 'sse' ? new SSEClientTransport(url, { requestInit }) : new StreamableHTTPClientTransport(url, { requestInit });
  return { kind, transport, stderr: null, child: () => undefined, exit: () => undefined };
}

/** What an error message calls the server: its command, or its URL without secrets. */
export function describeTarget(entry: ServerEntry): string {
  return entry.kind === 'stdio' ? `"${entry.command}"` : redactUrl(new URL(entry.url));
}

/** A URL without credentials or query (tokens sometimes ride there). */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * The SDK's stdio transport, plus the child's exit code and signal: the SDK keeps the child private
 * and reports only "closed", but an error message should say how the server died.
 */
class ObservedStdioTransport extends StdioClientTransport {
  child: ChildProcess | undefined;
  exitInfo: ChildExit | undefined;

  override async start(): Promise<void> {
    await super.start();
    // Runs in the microtask after 'spawn', before any 'exit' can be delivered.
    const child = (this as unknown as { _process?: ChildProcess })._process;
    if (!child) return;
    this.child = child;
    // 'exit' precedes 'close', and the SDK reports `onclose` on 'close': the facts are in place first.
    child.once('exit', (code, signal) => {
      this.exitInfo = { code, signal };
    });
  }
}
