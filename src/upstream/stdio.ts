/**
 * Serving one host over stdio. stdout carries nothing but the protocol; the returned promise
 * settles when the host goes away (stdin ends or stdout breaks), so the caller can shut down.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { UpstreamHub } from './hub.js';

export interface StdioServing {
  /** Resolves with the reason once the host has gone away. */
  closed: Promise<string>;
}

export async function serveStdio(
  hub: UpstreamHub,
  stdin: NodeJS.ReadableStream & { pause(): void } = process.stdin,
  stdout: NodeJS.WritableStream = process.stdout,
): Promise<StdioServing> {
  const server = hub.createSession();
  const transport = new StdioServerTransport(stdin as typeof process.stdin, stdout as typeof process.stdout);

  let settle!: (reason: string) => void;
  const closed = new Promise<string>((resolve) => (settle = resolve));
  const onEnd = () => settle('stdin closed');
  // EPIPE and friends: the host closed our stdout. Never let it crash the process.
  const onStdoutError = (error: NodeJS.ErrnoException) => settle(`stdout ${error.code ?? 'error'}`);
  stdin.once('end', onEnd);
  stdin.once('close', onEnd);
  stdout.on('error', onStdoutError);
  void closed.then(() => {
    stdin.off('end', onEnd);
    stdin.off('close', onEnd);
    void server.close().catch(() => {});
  });

  await server.connect(transport);
  return { closed };
}
