/**
 * When the host goes away (stdin closed) or the gateway is told to stop (SIGTERM, SIGINT), the
 * gateway process exits and leaves nothing behind: every child, grandchildren of wrappers included.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { CLI } from '../../helpers/paths.js';
import { eventually, FAULT_FIXTURE, processesWith } from './helpers.js';

async function runGateway(marker: string) {
  const catalog = await writeCatalog(`
servers:
  plain: { command: node, args: [${FAULT_FIXTURE}, --name, plain, --marker, ${marker}] }
  wrapped: { command: sh, args: [-c, 'node ${FAULT_FIXTURE} --name wrapped --grandchild --marker ${marker}'] }
`);
  const child = spawn(process.execPath, [CLI, 'serve', '--config', catalog], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.stdin.write(
    `${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'h', version: '1' } } })}\n` +
      // Servers start once the host says it is initialized, as every host does.
      `${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`,
  );
  await eventually(() => stderr.includes('2/2 server(s) ready'), 10_000, 'both servers ready');
  // The wrapper, its node child and that child's grandchild, plus the plain server.
  expect(processesWith(marker).length).toBeGreaterThanOrEqual(3);
  return { child, exited };
}

describe('the host goes away', () => {
  it('exits and reaps every child, grandchildren included, when stdin closes', async () => {
    const marker = `host-gone-eof-${process.pid}`;
    const { child, exited } = await runGateway(marker);
    child.stdin.end();
    expect(await exited).toBe(0);
    await eventually(() => processesWith(marker).length === 0, 5_000, 'no process left');
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`exits and reaps every child on ${signal}`, async () => {
      const marker = `host-gone-${signal}-${process.pid}`;
      const { child, exited } = await runGateway(marker);
      child.kill(signal);
      expect(await exited).toBe(0);
      await eventually(() => processesWith(marker).length === 0, 5_000, 'no process left');
    });
  }
});
