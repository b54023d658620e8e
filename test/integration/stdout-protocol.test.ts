/**
 * In stdio mode stdout is the protocol: every byte the gateway writes there is JSON-RPC, even
 * while servers log to stderr, fail to start, and the host goes away.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { eventually, writeCatalog } from '../helpers/gateway-client.js';
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

const INITIALIZE = message(1, 'initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } });

/** The gateway CLI on the catalog above, with its raw stdin, and what it wrote to stdout and stderr. */
async function rawGateway(env: Record<string, string> = {}) {
  const file = await writeCatalog(catalog);
  const child = spawn(process.execPath, [CLI, 'serve', '--config', file], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (out.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, out, exited };
}

describe('stdout in stdio mode', () => {
  it('carries only JSON-RPC messages and the gateway exits when stdin closes', async () => {
    const { child, out, exited } = await rawGateway();
    child.stdin.write(INITIALIZE);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    // Wait for the events, not the clock: every server settled, then the list's answer.
    await eventually(() => /server\(s\) ready/.test(out.stderr), { timeout: 15_000 });
    child.stdin.write(message(2, 'tools/list'));
    await eventually(() => out.stdout.includes('"id":2'), { timeout: 15_000 });
    child.stdin.end();

    const code = await exited;
    expect(code).toBe(0);
    const lines = out.stdout.split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    const listed = lines.map((l) => JSON.parse(l) as { id?: number; result?: { tools: { name: string }[] } }).find((m) => m.id === 2);
    expect(listed?.result?.tools.some((t) => t.name === 'noisy__echo')).toBe(true);
    expect(out.stderr).toContain('broken');
  });
});

describe('garbage from the host on stdin', () => {
  it('is answered with -32700 / -32600 / -32601 and the gateway stays up', async () => {
    const { child, out, exited } = await rawGateway();
    child.stdin.write(INITIALIZE);
    child.stdin.write('this is not json\n');
    child.stdin.write(`[${JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'ping' })}]\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id: null, method: 'ping' })}\n`);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '1.0', id: 3, method: 'ping' })}\n`);
    child.stdin.write(message(4, 'no/such/method'));
    // A message split across writes, with CRLF, still arrives whole.
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 5, method: 'ping' });
    child.stdin.write(ping.slice(0, 10));
    // The half is its own chunk: everything before it has been answered when the rest is written.
    await eventually(() => out.stdout.includes('"id":4'), { what: 'the reply to id 4' });
    child.stdin.write(`${ping.slice(10)}\r\n`);
    await eventually(() => out.stdout.includes('"id":5'), { what: 'the reply to the split ping' });
    child.stdin.end();
    expect(await exited).toBe(0);

    const replies = out.stdout
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { id: number | null; result?: unknown; error?: { code: number; message: string } });
    const errorCodes = replies.filter((r) => r.error).map((r) => [r.id, r.error?.code]);
    expect(errorCodes).toEqual([
      [null, -32700],
      [null, -32600],
      [null, -32600],
      [3, -32600],
      [4, -32601],
    ]);
    expect(replies.find((r) => r.id === 5)).toMatchObject({ result: {} });
  });

  it('exits cleanly when the host closes its end of stdout', async () => {
    const { child, out, exited } = await rawGateway();
    child.stdout.destroy();
    child.stdin.write(INITIALIZE);
    expect(await exited).toBe(0);
    expect(out.stderr).not.toMatch(/Uncaught|EPIPE.*at /);
  });
});

describe('before the host is initialized', () => {
  it('sends nothing but responses and starts no server until the host says it is initialized', async () => {
    const { child, out, exited } = await rawGateway();
    child.stdin.write(INITIALIZE);
    child.stdin.write(message(2, 'ping'));
    await eventually(() => out.stdout.includes('"id":2'), { what: 'the reply to the ping' });
    // Servers start at `notifications/initialized`, so none can have announced anything yet.
    expect(out.stderr).not.toMatch(/ready/);
    child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
    await eventually(() => /server\(s\) ready/.test(out.stderr), { timeout: 15_000 });
    child.stdin.end();
    await exited;
    const lines = out.stdout.split('\n').filter((line) => line !== '');
    expect(lines.slice(0, 2).map((line) => (JSON.parse(line) as { id?: number }).id)).toEqual([1, 2]);
  });
});

describe('a 2026-07-28 probe', () => {
  const ENVELOPE = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  };

  it('is answered from the catalog without starting any server; the first request starts them', async () => {
    const { child, out, exited } = await rawGateway({ MCP_SWITCHBOARD_LOG: 'debug' });
    child.stdin.write(message(1, 'server/discover', { _meta: ENVELOPE }));
    await eventually(() => out.stdout.includes('"id":1'), { what: 'the discover answer' });
    const answer = JSON.parse(out.stdout.split('\n')[0] ?? '') as { result?: { supportedVersions?: string[]; ttlMs?: number } };
    expect(answer.result).toMatchObject({ supportedVersions: ['2026-07-28'], ttlMs: 5000, cacheScope: 'private' });
    // Nothing was started for the probe: a start logs `spawning` before anything else happens.
    expect(out.stderr).not.toMatch(/spawning/);
    child.stdin.write(message(2, 'tools/list', { _meta: ENVELOPE }));
    await eventually(() => /server\(s\) ready/.test(out.stderr), { timeout: 15_000, what: 'the servers starting' });
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
