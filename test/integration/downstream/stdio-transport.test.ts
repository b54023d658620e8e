/**
 * The process-group stdio transport against a real child: a write after the child's end of the
 * pipe is gone, but before its exit is reported, is a broken pipe (which the connection treats
 * as a lost connection), not the SDK's bare "Not connected".
 */
import { describe, expect, it } from 'vitest';
import { ProcessGroupStdioTransport } from '../../../src/downstream/stdio-transport.js';
import { silentLogger } from '../../../src/log.js';
import { translateRequestError } from '../../../src/downstream/failures.js';

describe('ProcessGroupStdioTransport', () => {
  it('fails a write to a pipe that is gone as EPIPE, and "Not connected" only once closed', async () => {
    const transport = new ProcessGroupStdioTransport({
      command: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
      maxMessageBytes: 1 << 20,
      logger: silentLogger,
    });
    transport.stderr.resume();
    await transport.start();
    // What a SIGKILL does to the pipe before the child's exit and close events arrive.
    transport.child?.stdin?.destroy();
    const error = await transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EPIPE' });
    const facts = { serverId: 'x', method: 'ping', timeout: 1, maxTotalTimeout: 1, connectionLost: false, reason: undefined, signal: undefined };
    expect(translateRequestError(error, facts)).toMatchObject({ code: 'CONNECTION_CLOSED', message: 'server "x" closed the connection while handling ping' });
    await transport.close();
    await expect(transport.send({ jsonrpc: '2.0', id: 2, method: 'ping' })).rejects.toThrow('Not connected');
  });
});
