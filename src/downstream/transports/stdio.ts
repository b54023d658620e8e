/** The stdio kind: the server is a child process in its own process group. */
import { getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import type { ServerEntry } from '../../config/schema.js';
import { GuardedTransport } from '../guarded-transport.js';
import { ProcessGroupStdioTransport } from '../stdio-transport.js';
import type { CreatedTransport, TransportContext } from './factory.js';

type StdioEntry = Extract<ServerEntry, { kind: 'stdio' }>;

/**
 * `node` means the Node.js that runs the gateway: GUI hosts start servers with a short PATH, and a
 * catalog of Node servers should not depend on it.
 */
export function resolveCommand(command: string): string {
  return command === 'node' ? process.execPath : command;
}

export function createStdioTransport(entry: StdioEntry, context: TransportContext): CreatedTransport {
  const stdio = new ProcessGroupStdioTransport({
    command: resolveCommand(entry.command),
    args: entry.args,
    // A safelist of the gateway's environment plus what the catalog declares for this server.
    env: { ...getDefaultEnvironment(), ...entry.env },
    ...(entry.cwd !== undefined ? { cwd: entry.cwd } : {}),
    maxMessageBytes: context.maxMessageBytes,
    logger: context.logger,
    ...(context.onOversize ? { onOversize: context.onOversize } : {}),
  });
  context.logger.debug('spawning', { command: entry.command, args: entry.args, env: Object.keys(entry.env) });
  return {
    kind: 'stdio',
    transport: new GuardedTransport(stdio),
    stderr: stdio.stderr,
    child: () => stdio.child,
    exit: () => stdio.exitInfo,
    droppedLines: () => stdio.droppedLines,
  };
}
