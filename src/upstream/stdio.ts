/**
 * Serving one host over stdio, in the era its opening picks: the SDK's `serveStdio` entry reads
 * the first message (`initialize` for 2025-11-25, a request with the 2026-07-28 envelope or
 * `server/discover` for the new era), asks the gateway for a session of that era and pins it for
 * the connection; on 2026-07-28 it also serves `subscriptions/listen`, delivering the session's
 * change notifications to the listening streams. stdout carries nothing but the protocol; the
 * returned promise settles when the host goes away (stdin ends or stdout breaks), so the caller
 * can shut down.
 */
import { serveStdio as serveStdioEntry } from '@modelcontextprotocol/server/stdio';
import type { Logger } from '../log.js';
import { ListenWatches } from './listen-watches.js';
import type { SessionFactory, UpstreamSession } from './ports.js';
import { StdioHostTransport } from './stdio-transport.js';

export interface StdioServing {
  /** Resolves with the reason once the host has gone away. */
  closed: Promise<string>;
}

export interface StdioServeOptions {
  stdin?: NodeJS.ReadableStream;
  stdout?: NodeJS.WritableStream;
  logger?: Logger;
  /** The catalog profile whose view the host is served (`serve --profile`); absent: the default view. */
  profile?: string;
}

export async function serveStdio(sessions: SessionFactory, options: StdioServeOptions = {}): Promise<StdioServing> {
  let pinned: UpstreamSession | undefined;
  const { profile } = options;
  const listens = new ListenWatches(sessions, (params) => void pinned?.sendResourceUpdated(params).catch(() => {}), profile);
  const transport = new StdioHostTransport(options.stdin ?? process.stdin, options.stdout ?? process.stdout, {
    onInbound: (message) => listens.observe(message),
    onInvalid: (reason) => options.logger?.warn(`refused input from the host: ${reason}`),
    onBacklog: ({ dropped, buffered }) =>
      options.logger?.warn(`the host is not reading its output (${buffered} bytes waiting): dropped ${dropped} log message(s) so far; answers are kept`),
  });
  serveStdioEntry(({ era }) => (pinned = sessions.createSession({ era, unsolicited: true, ...(profile !== undefined && { profile }) })), {
    transport,
    // A broken pipe (EPIPE and friends) is the host going away, which `closed` reports.
    onerror: (error: Error & { code?: string }) => {
      if (error.code === undefined) options.logger?.warn(error.message);
    },
  });
  void transport.closed.then(() => listens.close());
  return { closed: transport.closed };
}
