/**
 * Serving one host over stdio. stdout carries nothing but the protocol; the returned promise
 * settles when the host goes away (stdin ends or stdout breaks), so the caller can shut down.
 */
import type { Logger } from '../log.js';
import type { SessionFactory } from './ports.js';
import { StdioHostTransport } from './stdio-transport.js';

export interface StdioServing {
  /** Resolves with the reason once the host has gone away. */
  closed: Promise<string>;
}

export async function serveStdio(
  sessions: SessionFactory,
  options: { stdin?: NodeJS.ReadableStream; stdout?: NodeJS.WritableStream; logger?: Logger } = {},
): Promise<StdioServing> {
  const server = sessions.createSession();
  const transport = new StdioHostTransport(options.stdin ?? process.stdin, options.stdout ?? process.stdout, {
    onInvalid: (reason) => options.logger?.warn(`refused input from the host: ${reason}`),
    onBacklog: ({ dropped, buffered }) =>
      options.logger?.warn(`the host is not reading its output (${buffered} bytes waiting): dropped ${dropped} log message(s) so far; answers are kept`),
  });
  let reason = 'stdin closed';
  const closed = new Promise<string>((resolve) => {
    transport.onclose = () => resolve(reason);
  });
  transport.onerror = (error: Error & { code?: string }) => {
    reason = `stdio ${error.code ?? error.message}`;
    if (error.code === undefined) options.logger?.warn(error.message);
  };
  // The SDK chains the handlers set above with its own on connect.
  await server.connect(transport);
  return { closed };
}
