/**
 * One attempt to bring a server up: transport(s), SDK client, `initialize`, and every list.
 * The connection owns the outcome; this file only knows how to get there and how to tear down.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { createClient } from './client.js';
import { drainAll, type ServerLists } from './lists.js';
import { defaultTransportFactory } from './transports/default.js';
import { shouldFallBackToSse, transportAttempts, type CreatedTransport, type TransportKind } from './transports.js';
import type { ConnectionOptions } from './types.js';

/** A client connected through one transport. */
export interface Active {
  client: Client;
  created: CreatedTransport;
}

export interface AttemptHooks {
  logger: Logger;
  maxMessageBytes: number;
  /** A transport was created (before it starts): attach stderr, remember it for `pid`. */
  onTransport: (created: CreatedTransport) => void;
  /** The live connection closed on its own (crash, remote gone). */
  onClose: (active: Active) => void;
  onListChanged: (method: string) => void;
  onNotification: (notification: ServerNotification) => void;
  /** A message over `maxMessageBytes` arrived on this connection. */
  onOversize: (active: Active, bytes: number) => void;
  /** A transport-level error (logged; a few of them mean the connection is lost). */
  onTransportError: (active: Active, error: Error) => void;
}

/** Connect with each transport in turn (`auto`: Streamable HTTP, then SSE on a 4xx). */
export async function connectClient(
  entry: ServerEntry,
  options: ConnectionOptions,
  hooks: AttemptHooks,
  signal: AbortSignal,
): Promise<{ active: Active; kind: TransportKind }> {
  const kinds = transportAttempts(entry);
  for (const [index, kind] of kinds.entries()) {
    const created = (options.transports ?? defaultTransportFactory()).create(entry, {
      logger: hooks.logger,
      maxMessageBytes: hooks.maxMessageBytes,
      onOversize: (bytes) => hooks.onOversize(attempt, bytes),
      ...(kind !== 'stdio' ? { remote: kind } : {}),
    });
    const client = createClient(entry.id, options, { onListChanged: hooks.onListChanged, onNotification: hooks.onNotification });
    const attempt: Active = { client, created };
    hooks.onTransport(created);
    client.onclose = () => hooks.onClose(attempt);
    client.onerror = (error) => hooks.onTransportError(attempt, error);
    try {
      // No `signal` into the SDK: it never removes its abort listeners. On abort the race below
      // rejects and teardown closes the client, which rejects whatever is still pending.
      await abortable(client.connect(created.transport, { timeout: entry.connectTimeout }), signal);
      return { active: attempt, kind };
    } catch (error) {
      await teardown(attempt, hooks.logger);
      if (index === kinds.length - 1 || signal.aborted || !shouldFallBackToSse(error)) throw error;
      hooks.logger.debug(`Streamable HTTP refused (${(error as Error).message}); trying SSE`);
    }
  }
  throw new Error('no transport to try');
}

/** Every list the server advertises, within the attempt's deadline. */
export function listEverything(active: Active, entry: ServerEntry, logger: Logger, signal: AbortSignal): Promise<ServerLists> {
  return abortable(drainAll(active.client, { timeout: entry.timeout, logger }), signal);
}

/** Close the client (rejecting its in-flight requests) and wait until the child and its group are gone. */
export async function teardown({ client, created }: Active, logger: Logger): Promise<void> {
  await client.close().catch((error: unknown) => logger.debug(`close: ${String(error)}`));
  // After an unexpected close the client has already let go of its transport: close it anyway,
  // so the child's process group is reaped before anyone starts a new one.
  await created.transport.close().catch((error: unknown) => logger.debug(`close: ${String(error)}`));
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
