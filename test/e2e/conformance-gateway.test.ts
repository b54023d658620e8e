/**
 * The external proof that the gateway is invisible: the official conformance suite, server mode,
 * `--suite all`, run against mcp-switchboard serving Streamable HTTP, with our conformance fixture
 * behind it over stdio, unprefixed. The same suite passes against the fixture directly
 * (conformance-direct.test.ts), so any failure here is the gateway's. Run twice to catch flakes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_CHECKS, runConformance, spawnAndWait, stopChild } from '../helpers/conformance.js';
import { writeCatalog } from '../helpers/gateway-client.js';
import { CLI, fixture } from '../helpers/paths.js';

const SUITE_TIMEOUT_MS = 120_000;

const catalog = `
servers:
  conformance:
    command: node
    args: [${fixture('conformance-server')}]
    prefix: false
`;

describe('official conformance suite through the gateway', () => {
  let gateway: ChildProcess | undefined;
  let url = '';
  let workDir = '';

  beforeAll(async () => {
    workDir = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'));
    const file = await writeCatalog(catalog);
    const started = await spawnAndWait(
      process.execPath,
      [CLI, 'serve', '--config', file, '--http', '--port', '0', '--no-auth'],
      /listening on (http:\/\/\S+\/mcp)/,
    );
    gateway = started.child;
    url = started.match[1] ?? '';
  });

  afterAll(async () => {
    await stopChild(gateway);
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  });

  for (const run of [1, 2]) {
    it(
      `passes every check of --suite all (run ${run})`,
      async () => {
        const result = await runConformance(url, workDir, SUITE_TIMEOUT_MS - 10_000);
        expect(result.failures, result.output).toEqual([]);
        expect(result.failed, result.output).toBe(0);
        expect(result.passed, result.output).toBeGreaterThanOrEqual(EXPECTED_CHECKS);
        expect(result.code, result.output).toBe(0);
      },
      SUITE_TIMEOUT_MS,
    );
  }
});
