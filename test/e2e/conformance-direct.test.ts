/**
 * The official conformance suite (@modelcontextprotocol/conformance 0.1.x, server mode, --suite all:
 * the 2025-11-25 scenarios) run straight against our conformance fixture over Streamable HTTP, no
 * gateway in between. It proves
 * the fixture faithful, so a failure of the same suite run THROUGH the gateway is the gateway's.
 * The stdio case checks the other way the fixture runs (the way the gateway runs it).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failedScenarios, runConformance, spawnAndWait, stopChild } from '../helpers/conformance.js';
import { fixture } from '../helpers/paths.js';

const FIXTURE = fixture('conformance-server');
const SUITE_TIMEOUT_MS = 120_000;

function startHttpFixture(): Promise<{ child: ChildProcess; port: number }> {
  return spawnAndWait(process.execPath, [FIXTURE, '--http', '--port', '0'], /LISTENING (\d+)/).then(({ child, match }) => ({ child, port: Number(match[1]) }));
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
      const result = await runConformance(`http://127.0.0.1:${port}/mcp`, workDir, SUITE_TIMEOUT_MS - 10_000, '2025-11-25');
      expect(result.failedChecks, result.output).toEqual({});
      expect(failedScenarios(result), result.output).toEqual([]);
      expect(result.closing, result.output).toBe('Total: 44 passed, 0 failed');
      expect(result.code, result.output).toBe(0);
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
