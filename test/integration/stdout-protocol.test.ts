/**
 * In stdio mode stdout is the protocol: every byte the gateway writes there is JSON-RPC, even
 * while servers log to stderr, fail to start, and the host goes away.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../helpers/gateway-client.js';
import { CLI, fixture } from '../helpers/paths.js';

const catalog = `
servers:
  noisy:
    command: node
    args: [${fixture('fixture-server')}, --name, noisy, --stderr-flood]
  broken:
    command: node
    args: [${fixture('fixture-server')}, --name, broken, --exit-before-init]
`;

function message(id: number, method: string, params: Record<string, unknown> = {}): string {
  return `${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`;
}

describe('stdout in stdio mode', () => {
  it('carries only JSON-RPC messages and the gateway exits when stdin closes', async () => {
    const file = await writeCatalog(catalog);
    const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    child.stdin.write(
      message(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }),
    );
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    await new Promise((r) => setTimeout(r, 800));
    child.stdin.write(message(2, 'tools/list'));
    await new Promise((r) => setTimeout(r, 300));
    child.stdin.end();

    const code = await exited;
    expect(code).toBe(0);
    const lines = stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    const listed = lines.map((l) => JSON.parse(l) as { id?: number; result?: { tools: { name: string }[] } }).find((m) => m.id === 2);
    expect(listed?.result?.tools.some((t) => t.name === 'noisy__echo')).toBe(true);
    expect(stderr).toContain('broken');
  });
});
