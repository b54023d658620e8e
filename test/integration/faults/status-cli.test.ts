/**
 * `mcp-switchboard status`: the built CLI against a catalog with a healthy, a crashing and a
 * missing server.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ConnectionStatus } from '../../../src/downstream/types.js';
import { FAULT_FIXTURE, processesWith } from './helpers.js';

const CLI = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));

function run(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, MCP_SWITCHBOARD_LOG: '' } }, (error, stdout) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
    );
  });
}

describe('status command', () => {
  const marker = `status-cli-${process.pid}`;
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-status-'));
  const catalog = join(dir, 'servers.yaml');
  writeFileSync(
    catalog,
    [
      'servers:',
      `  good: { command: node, args: [${FAULT_FIXTURE}, --name, good, --marker, ${marker}] }`,
      `  bad: { command: node, args: [${FAULT_FIXTURE}, --exit-before-init, --marker, ${marker}] }`,
      '  gone: { command: /nonexistent/mcp-server }',
      '',
    ].join('\n'),
  );

  it('prints state, pid, restarts, breaker, tools and the last error of each server, then stops them all', async () => {
    const { code, stdout } = await run(['status', '--config', catalog]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^good\s+ready\s+stdio\s+\d{4}-\d\d-\d\d\s+\d+\s+0\s+closed\s+\d+/m);
    // A one-shot command does not retry: a server that cannot start is reported failed.
    expect(stdout).toMatch(/^bad\s+failed\s+stdio\s+-\s+-\s+0\s+open\s+-/m);
    expect(stdout).toContain('1/3 server(s) ready');
    expect(stdout).toContain('gone: cannot run "/nonexistent/mcp-server" (ENOENT); check `command` and PATH');
    expect(processesWith(marker)).toEqual([]);
  });

  it('prints pool.statuses() with --json', async () => {
    const { stdout } = await run(['status', '--config', catalog, '--json']);
    const statuses = JSON.parse(stdout) as ConnectionStatus[];
    expect(statuses.map((s) => [s.serverId, s.state])).toEqual([
      ['good', 'ready'],
      ['bad', 'failed'],
      ['gone', 'failed'],
    ]);
    expect(statuses[0]).toMatchObject({ restarts: 0, breaker: 'closed', droppedLines: 0, limits: { maxQueue: 128 } });
    expect(typeof statuses[0]?.pid).toBe('number');
  });
});
