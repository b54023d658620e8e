/**
 * The real MCP Inspector CLI (@modelcontextprotocol/inspector, --cli mode) against the gateway
 * served over Streamable HTTP with a bearer token: it lists the merged tool set of the example
 * catalog and calls one tool of each server. Exactly what the README tells users to run.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/gateway-client.js';
import { CLI, ROOT } from '../helpers/paths.js';

const INSPECTOR = join(ROOT, 'node_modules/.bin/mcp-inspector');
const TOKEN = 'inspector-e2e-token-0123456789';

/** Runs the Inspector CLI once and parses its JSON output; bounded by `timeout`. */
function inspector(url: string, args: string[], timeout = 30_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [INSPECTOR, '--cli', url, '--transport', 'http', '--header', `Authorization: Bearer ${TOKEN}`, ...args],
      { timeout, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`inspector ${args.join(' ')} failed: ${error.message}\n${stderr}`));
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`inspector printed no JSON: ${stdout}\n${stderr}`));
        }
      },
    );
  });
}

interface ToolList {
  tools: { name: string }[];
}
interface CallResult {
  content: { type: string; text?: string }[];
  isError?: boolean;
}

describe('the MCP Inspector CLI through the gateway over HTTP', () => {
  let gateway: ChildProcess;
  let stderr = '';
  let url = '';

  beforeAll(async () => {
    gateway = spawn(process.execPath, [CLI, 'serve', '--config', join(ROOT, 'servers.example.yaml'), '--http', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, MCP_SWITCHBOARD_TOKEN: TOKEN, MEMORY_FILE_PATH: join(mkdtempSync(join(tmpdir(), 'sb-inspector-')), 'memory.jsonl') },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    gateway.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = await eventually(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1], { timeout: 15_000 });
    // Every server of the catalog ready before the Inspector looks.
    await eventually(() => /3\/3 server\(s\) ready/.test(stderr), { timeout: 30_000, interval: 100 });
  }, 60_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      const timer = setTimeout(() => gateway.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }, 20_000);

  it('lists the merged tool set of every server of the example catalog', async () => {
    const { tools } = (await inspector(url, ['--method', 'tools/list'])) as ToolList;
    const names = tools.map((t) => t.name);
    const servers = new Set(names.map((n) => n.split('__')[0]));
    expect([...servers].sort()).toEqual(['everything', 'files', 'memory']);
    expect(names).toEqual(expect.arrayContaining(['everything__echo', 'memory__read_graph', 'files__list_allowed_directories']));
  }, 40_000);

  it('calls a tool of the everything server', async () => {
    const result = (await inspector(url, [
      '--method',
      'tools/call',
      '--tool-name',
      'everything__echo',
      '--tool-arg',
      'message=via the inspector',
    ])) as CallResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain('via the inspector');
  }, 40_000);

  it('calls a tool of the memory server', async () => {
    const result = (await inspector(url, ['--method', 'tools/call', '--tool-name', 'memory__search_nodes', '--tool-arg', 'query=switchboard'])) as CallResult;
    expect(result.isError).toBeFalsy();
    expect(result.content[0]?.type).toBe('text');
  }, 40_000);

  it('calls a tool of the filesystem server', async () => {
    const result = (await inspector(url, ['--method', 'tools/call', '--tool-name', 'files__list_allowed_directories'])) as CallResult;
    expect(result.isError).toBeFalsy();
    expect(JSON.stringify(result.content)).toContain(ROOT.replace(/\/$/, ''));
  }, 40_000);

  it('is refused without the token', async () => {
    const refused = new Promise<string>((resolve) => {
      execFile(
        process.execPath,
        [INSPECTOR, '--cli', url, '--transport', 'http', '--method', 'tools/list'],
        { timeout: 30_000, killSignal: 'SIGKILL' },
        (error, stdout, stderr) => resolve(error ? `${stdout}${stderr}` : 'succeeded'),
      );
    });
    expect(await refused).toMatch(/401|Unauthorized/i);
  }, 40_000);
});
