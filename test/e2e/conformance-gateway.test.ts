/**
 * The external proof that the gateway is invisible: the official conformance suite, server mode,
 * run against mcp-switchboard serving Streamable HTTP on loopback, with our conformance fixture
 * (a 2025-11-25 server) behind it over stdio, unprefixed. Both protocol eras, twice each to catch
 * flakes:
 *
 * - 2025-11-25: conformance 0.1.x, `--suite all`. Every scenario passes; the same suite passes
 *   against the fixture directly (conformance-direct.test.ts), so any failure here is the gateway's.
 * - 2026-07-28: conformance 0.2.0-alpha, `--requirements 2026-07-28` (the frozen set). What does not
 *   pass yet is listed below, check by check with the suite's own message, so anything else that
 *   breaks fails the test, and so does one of these starting to pass (then drop it from the list).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { failedScenarios, runConformance, spawnAndWait, stopChild, type ConformanceRun } from '../helpers/conformance.js';
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

/**
 * The scored 2026-07-28 checks that fail through the gateway today, by scenario: check id → message.
 *
 * Our fixture is a 2025-11-25 server: what a 2026-07-28 server returns as `input_required` it asks
 * with a request during the call, and the gateway's input bridge (src/upstream/input-bridge.ts)
 * turns each such request into an `input_required` round for the host. Through a 2025-era server
 * some scenarios cannot pass:
 * - input-required-result-basic-elicitation: the scenario wants its question under the key
 *   `user_name`; a 2025-era request has no key, so the bridge names it itself.
 * - input-required-result-multiple-input-requests: the scenario wants three questions in the first
 *   result; the fixture asks them one after another, so they come as three rounds of one.
 */
const EXPECTED_2026_FAILURES: Record<string, Record<string, string>> = {
  'input-required-result-basic-elicitation': { 'sep-2322-elicitation-incomplete': 'inputRequests missing expected key "user_name"' },
  'input-required-result-multiple-input-requests': {
    'sep-2322-multiple-inputs-incomplete':
      'Expected at least 3 inputRequests, got 1; Expected a sampling/createMessage inputRequest; Expected a roots/list inputRequest; Expected inputRequests with different method types (elicitation + sampling + roots/list)',
  },
};

/**
 * Run and reported by 0.2 but not scored for 2026-07-28. tasks-*: the Tasks extension, which the
 * gateway does not relay (it offers no task-only tool and does not advertise the extension).
 * http-custom-header-server-validation (pending, SEP-2243): needs a tool with `x-mcp-header`
 * parameters and a gateway that checks the Mcp-Param headers; neither exists.
 */
const EXPECTED_2026_UNSCORED_FAILURES = [
  'http-custom-header-server-validation',
  'tasks-capability-negotiation',
  'tasks-dispatch-and-envelope',
  'tasks-lifecycle',
  'tasks-mrtr-composition',
  'tasks-mrtr-input',
  'tasks-request-headers',
  'tasks-request-state-removal',
  'tasks-required-task-error',
  'tasks-wire-fields',
];

function scoredFailures(run: ConformanceRun): Record<string, Record<string, string>> {
  return Object.fromEntries(Object.entries(run.failedChecks).filter(([scenario]) => !run.unscored.includes(scenario)));
}

/** The built CLI serving the catalog over loopback HTTP; resolves once it listens. */
async function startGateway(): Promise<{ child: ChildProcess; url: string }> {
  const file = await writeCatalog(catalog);
  const started = await spawnAndWait(
    process.execPath,
    [CLI, 'serve', '--config', file, '--http', '--port', '0', '--no-auth'],
    /listening on (http:\/\/\S+\/mcp)/,
  );
  return { child: started.child, url: started.match[1] ?? '' };
}

describe('official conformance suite through the gateway', () => {
  let workDir = '';
  beforeAll(() => void (workDir = mkdtempSync(join(tmpdir(), 'switchboard-conformance-'))));
  afterAll(() => rmSync(workDir, { recursive: true, force: true }));

  describe('2025-11-25 (conformance 0.1.x, --suite all), twice on one gateway', () => {
    let gateway: { child: ChildProcess; url: string } | undefined;
    beforeAll(async () => void (gateway = await startGateway()));
    afterAll(() => stopChild(gateway?.child));

    for (const run of [1, 2]) {
      it(
        `passes every scenario (run ${run})`,
        async () => {
          const result = await runConformance(gateway!.url, workDir, SUITE_TIMEOUT_MS - 10_000, '2025-11-25');
          expect(result.failedChecks, result.output).toEqual({});
          expect(failedScenarios(result), result.output).toEqual([]);
          expect(result.closing, result.output).toBe('Total: 44 passed, 0 failed');
          expect(result.code, result.output).toBe(0);
        },
        SUITE_TIMEOUT_MS,
      );
    }
  });

  // A fresh gateway per run: the scenarios that never answer an input_required result leave their
  // calls waiting in the bridge (up to its 5-minute idle limit), each holding one of the server's
  // maxConcurrency (16) slots, and a second run on the same gateway stalls once they are used up.
  describe('2026-07-28 (conformance 0.2.0-alpha, --requirements 2026-07-28), twice, a fresh gateway each', () => {
    let gateway: { child: ChildProcess; url: string } | undefined;
    beforeEach(async () => void (gateway = await startGateway()));
    afterEach(() => stopChild(gateway?.child));

    for (const run of [1, 2]) {
      it(
        `passes every required scenario but the known gaps (run ${run})`,
        async () => {
          const result = await runConformance(gateway!.url, workDir, SUITE_TIMEOUT_MS - 10_000, '2026-07-28');
          expect(scoredFailures(result), result.output).toEqual(EXPECTED_2026_FAILURES);
          expect(failedScenarios(result), result.output).toEqual(Object.keys(EXPECTED_2026_FAILURES).sort());
          expect(result.unscored.filter((name) => result.scenarios[name]?.ok === false).sort(), result.output).toEqual(EXPECTED_2026_UNSCORED_FAILURES);
          // Every scenario of the frozen set ran (37 scored, 13 reported only), and all the rest passed.
          expect(Object.keys(result.scenarios), result.output).toHaveLength(50);
          expect(result.closing, result.output).toBe('Total: 150 passed, 37 failed');
          expect(result.code, result.output).toBe(1);
        },
        SUITE_TIMEOUT_MS,
      );
    }
  });
});
