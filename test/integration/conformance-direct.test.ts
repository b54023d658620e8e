/**
 * The official conformance suite (@modelcontextprotocol/conformance, server mode, --suite all) run
 * straight against our conformance fixture over Streamable HTTP, no gateway in between. It proves
 * the fixture faithful, so a failure of the same suite run THROUGH the gateway is the gateway's.
 * The stdio case checks the other way the fixture runs (the way the gateway runs it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, ROOT } from '../helpers/paths.js';

const CONFORMANCE_CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
const FIXTURE = fixture('conformance-server');
/** What 0.1.13 counts with `--suite all` (server-sse-polling only yields warnings and infos). */
const EXPECTED_CHECKS = 44;
const SUITE_TIMEOUT_MS = 120_000;

interface Run {
  code: number | null;
  output: string;
}

function startHttpFixture(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [FIXTURE, '--http', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`fixture did not print LISTENING within 10 s; stderr: ${stderr}`)), 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited with ${code}; stderr: ${stderr}`));
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      resolve({ child, port: Number(match[1]) });
    });
  });
}

/** Runs the conformance CLI in `cwd` (it may write results there), killed if it outlives `timeoutMs`. */
function runConformance(url: string, cwd: string, timeoutMs: number): Promise<Run> {
  const child = spawn(process.execPath, [CONFORMANCE_CLI, 'server', '--url', url, '--suite', 'all'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

function stopChild(child: ChildProcess | undefined): Promise<void> {
  return new Promise((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

describe('conformance fixture, direct (no gateway)', () => {
  let server: ChildProcess | undefined;
  let port = 0;
  let workDir = '';

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
    ({ child: server, port } = await startHttpFixture());
  });

  afterAll(async () => {
    await stopChild(server);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  it(
    'passes every check of the official server suite over Streamable HTTP',
    async () => {
      const { code, output } = await runConformance(`http://127.0.0.1:${port}/mcp`, workDir, SUITE_TIMEOUT_MS - 10_000);
      const total = /^Total: (\d+) passed, (\d+) failed$/m.exec(output);
      expect(total, output).not.toBeNull();
      const failedScenarios = output.split('\n').filter((line) => line.startsWith('✗'));
      expect(failedScenarios, output).toEqual([]);
      expect(Number(total?.[2]), output).toBe(0);
      expect(Number(total?.[1]), output).toBeGreaterThanOrEqual(EXPECTED_CHECKS);
      expect(code, output).toBe(0);
    },
    SUITE_TIMEOUT_MS,
  );

  it('serves the same features over stdio', async () => {
    const client = new Client({ name: 'conformance-direct', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args: [FIXTURE], stderr: 'ignore' }));
    try {
      const { tools } = await client.listTools();
      expect(tools.map((tool) => tool.name)).toEqual(
        expect.arrayContaining(['test_simple_text', 'test_tool_with_progress', 'test_sampling', 'test_elicitation', 'json_schema_2020_12_tool']),
      );
      const progress: number[] = [];
      const result = await client.request(
        { method: 'tools/call', params: { name: 'test_tool_with_progress', arguments: {}, _meta: { progressToken: 'p1' } } },
        CallToolResultSchema,
        { onprogress: ({ progress: value }) => progress.push(value) },
      );
      expect(result.isError).toBeFalsy();
      // Three sends awaited before the result; over stdio the last may still share a chunk with it.
      expect(progress.slice(0, 2)).toEqual([0, 50]);
      const read = await client.readResource({ uri: 'test://template/123/data' });
      expect(read.contents[0]).toMatchObject({ uri: 'test://template/123/data', mimeType: 'application/json' });
    } finally {
      await client.close();
    }
  });
});
