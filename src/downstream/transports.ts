/**
 * One SDK client transport per catalog entry kind: stdio, Streamable HTTP, legacy SSE.
 *
 * `auto` is not a transport but an order of attempts (`transportAttempts`): the connection tries
 * Streamable HTTP and, when the server answers with a 4xx, falls back to SSE.
 */
import type { ChildProcess } from 'node:child_process';
import type { Stream } from 'node:stream';
import { getDefaultEnvironment } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SSEClientTransport, SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { cappedFetch } from './capped-fetch.js';
import { GuardedTransport } from './guarded-transport.js';
import { ProcessGroupStdioTransport, type ChildExit } from './stdio-transport.js';

export type { ChildExit };
export type TransportKind = 'stdio' | 'streamable-http' | 'sse';

export interface CreatedTransport {
  kind: TransportKind;
  /** What the SDK client connects to: the real transport behind a `GuardedTransport`. */
  transport: GuardedTransport;
  /** The child's stderr (stdio only); consume it or the child blocks once the pipe is full. */
  stderr: Stream | null;
  /** The spawned child (stdio only, after `start()`). */
  child(): ChildProcess | undefined;
  /** How the child ended, once it has (stdio only). */
  exit(): ChildExit | undefined;
  /** Stdout lines dropped as not JSON-RPC (stdio only). */
  droppedLines(): number;
}

export interface CreateTransportOptions {
  logger: Logger;
  /** For a remote entry: which protocol to speak. @default the entry's transport, `auto` → 'streamable-http' */
  remote?: 'streamable-http' | 'sse';
  /** Largest message the server may send, in bytes. */
  maxMessageBytes: number;
  /** A stdio message went over `maxMessageBytes` (remote ones fail with `MessageTooLargeError`). */
  onOversize?: (bytes: number) => void;
}

/** Wraps the `fetch` of one remote server's transports, e.g. to add its OAuth token (src/oauth/). */
export type RemoteFetchWrapper = (fetch: (url: string | URL, init?: RequestInit) => Promise<Response>) => (url: string | URL, init?: RequestInit) => Promise<Response>;

const fetchWrappers = new WeakMap<ServerEntry, RemoteFetchWrapper>();

/**
 * Have every transport created for `entry` (this very object, as the pool holds it) use
 * `wrap(fetch)`. Set by the composition root before the pool starts; unset means the plain fetch.
 */
export function wrapRemoteFetch(entry: ServerEntry, wrap: RemoteFetchWrapper): void {
  fetchWrappers.set(entry, wrap);
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
    const stdio = new ProcessGroupStdioTransport({
      command: resolveCommand(entry.command),
      args: entry.args,
      // A safelist of the gateway's environment plus what the catalog declares for this server.
      env: { ...getDefaultEnvironment(), ...entry.env },
      ...(entry.cwd !== undefined ? { cwd: entry.cwd } : {}),
      maxMessageBytes: options.maxMessageBytes,
      logger: options.logger,
      ...(options.onOversize ? { onOversize: options.onOversize } : {}),
    });
    options.logger.debug('spawning', { command: entry.command, args: entry.args, env: Object.keys(entry.env) });
    return {
      kind: 'stdio',
      transport: new GuardedTransport(stdio),
      stderr: stdio.stderr,
      child: () => stdio.child,
      exit: () => stdio.exitInfo,
      droppedLines: () => stdio.droppedLines,
    };
  }

  const kind = options.remote ?? (entry.transport === 'auto' ? 'streamable-http' : entry.transport);
  const { url, headers } = withUrlCredentials(new URL(entry.url), entry.headers);
  // Header values are secrets (tokens): log their names only.
  options.logger.debug('connecting', { url: redactUrl(url), transport: kind, headers: Object.keys(headers) });
  const requestInit: RequestInit = { headers };
  const capped = cappedFetch(options.maxMessageBytes);
  const fetch = fetchWrappers.get(entry)?.(capped) ?? capped;
  const inner =
    kind === 'sse'
      ? new SSEClientTransport(url, { requestInit, fetch })
      : new StreamableHTTPClientTransport(url, {
          requestInit,
          fetch,
          // The standalone GET stream: a few reconnects, then an error (the connection recycles).
          reconnectionOptions: { initialReconnectionDelay: 500, maxReconnectionDelay: 5000, reconnectionDelayGrowFactor: 2, maxRetries: 3 },
        });
  return { kind, transport: new GuardedTransport(inner), stderr: null, child: () => undefined, exit: () => undefined, droppedLines: () => 0 };
}

/**
 * `https://user:pass@host/mcp`: fetch refuses URLs with credentials, so they become a Basic
 * `Authorization` header (unless the catalog sets one) and leave the URL.
 */
export function withUrlCredentials(url: URL, configured: Record<string, string>): { url: URL; headers: Record<string, string> } {
  const headers = { ...configured };
  if (url.username === '' && url.password === '') return { url, headers };
  const hasAuthorization = Object.keys(headers).some((name) => name.toLowerCase() === 'authorization');
  if (!hasAuthorization) {
    const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    headers.Authorization = `Basic ${Buffer.from(pair).toString('base64')}`;
  }
  const bare = new URL(url);
  bare.username = '';
  bare.password = '';
  return { url: bare, headers };
}

/** What an error message calls the server: its command, or its URL without secrets. */
export function describeTarget(entry: ServerEntry): string {
  return entry.kind === 'stdio' ? `"${entry.command}"` : redactUrl(new URL(entry.url));
}

/** A URL without credentials or query (tokens sometimes ride there). */
export function redactUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

