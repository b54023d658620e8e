/**
 * The real MCP Inspector CLI (@modelcontextprotocol/inspector 2.x, `--cli`, on Node >= 22.19) against
 * the gateway on the example catalog (the published everything, memory and filesystem servers), in
 * every protocol era the Inspector offers (`--protocol-era legacy|auto|modern`), over stdio (the
 * Inspector starts the built CLI from a `--config` file, as a host would) and over Streamable HTTP
 * with a bearer token. Each era: the negotiated revision, the merged tool set under namespaced names,
 * and a tool call of two servers.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/gateway-client.js';
import { node22 } from '../helpers/node22.js';
import { CLI, ROOT } from '../helpers/paths.js';

const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'clients/launcher/build/index.js');
const TOKEN = 'inspector-e2e-token-0123456789';
const CATALOG = join(ROOT, 'servers.example.yaml');
const ERAS = [
  { era: 'legacy', revision: '2025-11-25' },
  { era: 'auto', revision: '2026-07-28' },
  { era: 'modern', revision: '2026-07-28' },
] as const;

const scratch = mkdtempSync(join(tmpdir(), 'sb-inspector-'));
const memoryFile = join(scratch, 'memory.jsonl');
/** The Inspector keeps a catalog and client state under HOME: a private one, and secrets in memory. */
const inspectorEnv = { ...process.env, HOME: join(scratch, 'home'), MCP_INSPECTOR_SECRET_STORE: 'memory', NO_COLOR: '1' };

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the Inspector CLI once (`--format json`), bounded by `timeout`. */
async function runInspector(args: string[], timeout = 45_000): Promise<Outcome> {
  const node = await node22();
  return new Promise((resolve) => {
    execFile(
      node,
      [INSPECTOR, '--cli', '--format', 'json', ...args],
      { env: inspectorEnv, timeout, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

/** The `result` of a successful run. */
async function inspect(args: string[]): Promise<unknown> {
  const outcome = await runInspector(args);
  if (outcome.code !== 0) throw new Error(`inspector ${args.join(' ')} exited ${outcome.code}\n${outcome.stdout}\n${outcome.stderr}`);
  try {
    return (JSON.parse(outcome.stdout) as { result: unknown }).result;
  } catch {
    throw new Error(`inspector printed no JSON: ${outcome.stdout}\n${outcome.stderr}`);
  }
}

interface Initialized {
  serverInfo: { name: string };
  protocolVersion: string;
  capabilities: Record<string, unknown>;
}
interface ToolList {
  tools: { name: string }[];
}
interface CallResult {
  content: { type: string; text?: string }[];
  isError?: boolean;
}

/** The same checks in every era of one transport; `target` selects the gateway. */
function describeEras(transport: string, target: () => string[]) {
  describe.each(ERAS)(`over ${transport}, --protocol-era $era`, ({ era, revision }) => {
    const run = (...args: string[]) => inspect([...target(), '--protocol-era', era, ...args]);

    it(`negotiates ${revision}`, async () => {
      const result = (await run('--method', 'initialize')) as Initialized;
      expect(result.protocolVersion).toBe(revision);
      expect(result.serverInfo.name).toBe('mcp-switchboard');
      expect(result.capabilities).toMatchObject({ tools: { listChanged: true } });
    }, 60_000);

    it('lists the merged tool set of every server under its namespace', async () => {
      const { tools } = (await run('--method', 'tools/list')) as ToolList;
      const names = tools.map((t) => t.name);
      expect([...new Set(names.map((n) => n.split('__')[0]))].sort()).toEqual(['everything', 'files', 'memory']);
      expect(names).toEqual(expect.arrayContaining(['everything__echo', 'memory__read_graph', 'memory__search_nodes', 'files__list_allowed_directories']));
    }, 60_000);

    it('calls a tool of the everything server', async () => {
      const result = (await run('--method', 'tools/call', '--tool-name', 'everything__echo', '--tool-arg', `message=via the inspector, ${era}`)) as CallResult;
      expect(result.isError).toBeFalsy();
      expect(result.content).toEqual([{ type: 'text', text: `Echo: via the inspector, ${era}` }]);
    }, 60_000);

    it('calls a tool of the filesystem server, rooted in the catalog folder', async () => {
      const result = (await run('--method', 'tools/call', '--tool-name', 'files__list_allowed_directories')) as CallResult;
      expect(result.isError).toBeFalsy();
      expect(JSON.stringify(result.content)).toContain(ROOT.replace(/\/$/, ''));
    }, 60_000);

    it('calls a tool of the memory server', async () => {
      const result = (await run('--method', 'tools/call', '--tool-name', 'memory__search_nodes', '--tool-arg', 'query=switchboard')) as CallResult;
      expect(result.isError).toBeFalsy();
      expect(result.content[0]?.type).toBe('text');
    }, 60_000);
  });
}

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the MCP Inspector CLI against the gateway over stdio', () => {
  const config = join(scratch, 'inspector.json');
  beforeAll(() => {
    // The entry a user writes for the Inspector: the built CLI run by a real node, no npx wrapper.
    const entry = { command: process.execPath, args: [CLI, 'serve', '--config', CATALOG], env: { MEMORY_FILE_PATH: memoryFile } };
    writeFileSync(config, JSON.stringify({ mcpServers: { switchboard: entry } }));
  });

  describeEras('stdio', () => ['--config', config, '--server', 'switchboard']);
});

describe('the MCP Inspector CLI against the gateway over HTTP', () => {
  let gateway: ChildProcess;
  let stderr = '';
  let url = '';

  beforeAll(async () => {
    gateway = spawn(process.execPath, [CLI, 'serve', '--config', CATALOG, '--http', '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, MCP_SWITCHBOARD_TOKEN: TOKEN, MEMORY_FILE_PATH: memoryFile },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    gateway.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    url = await eventually(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr)?.[1], { timeout: 15_000 });
  }, 30_000);

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      const exited = new Promise((resolve) => gateway.once('exit', resolve));
      gateway.kill('SIGTERM');
      const timer = setTimeout(() => gateway.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  }, 20_000);

  describeEras('HTTP', () => [url, '--transport', 'http', '--header', `Authorization: Bearer ${TOKEN}`]);

  it.each([
    ['without a token', []],
    ['with a wrong token', ['--header', 'Authorization: Bearer not-the-token-0123456789']],
  ])(
    'is refused %s',
    async (_what, header) => {
      // --stored-auth-only: fail instead of starting an interactive OAuth login on the 401.
      const outcome = await runInspector([url, '--transport', 'http', ...header, '--stored-auth-only', '--method', 'tools/list']);
      const printed = `${outcome.stdout}\n${outcome.stderr}`;
      expect(outcome.code, printed).toBe(3);
      expect(printed).toContain('"code":"auth_required"');
      expect(printed).toContain('Unauthorized: send Authorization: Bearer <token>');
    },
    60_000,
  );
});
