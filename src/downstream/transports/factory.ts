/**
 * How the pool gets a transport for a catalog entry: an explicit factory handed in by the
 * composition root (`PoolOptions.transports`), never a global that entries are registered in. A
 * copied entry, a reloaded catalog or a test's in-memory server all go through the same door.
 */
import type { ChildProcess } from 'node:child_process';
import type { Stream } from 'node:stream';
import type { ServerEntry } from '../../config/schema.js';
import type { Logger } from '../../log.js';
import type { GuardedTransport } from '../guarded-transport.js';
import type { ChildExit } from '../stdio-transport.js';

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

/** What one attempt knows when it asks for a transport. */
export interface TransportContext {
  logger: Logger;
  /** For a remote entry: which protocol to speak. @default the entry's transport, `auto` → 'streamable-http' */
  remote?: 'streamable-http' | 'sse';
  /** Largest message the server may send, in bytes. */
  maxMessageBytes: number;
  /** A stdio message went over `maxMessageBytes` (remote ones fail with `MessageTooLargeError`). */
  onOversize?: (bytes: number) => void;
}

export interface TransportFactory {
  create(entry: ServerEntry, context: TransportContext): CreatedTransport;
}

export type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/** Wraps the `fetch` of one remote server's transports, e.g. to add its OAuth token (src/oauth/). */
export type RemoteFetchWrapper = (fetch: Fetch) => Fetch;

/** A created transport with nothing behind it but the SDK transport (remote and in-memory kinds). */
export function bare(kind: TransportKind, transport: GuardedTransport): CreatedTransport {
  return { kind, transport, stderr: null, child: () => undefined, exit: () => undefined, droppedLines: () => 0 };
}
