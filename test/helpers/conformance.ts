/**
 * Running the official conformance suite (@modelcontextprotocol/conformance, server mode) as a
 * child process on Node >= 22 (see node22.ts), bounded in time, and reading its verdict: the
 * closing `Total:` line, each scenario's summary line, and every failed check with its message
 * (from the per-scenario checks.json files the suite writes with `-o`).
 *
 * Two releases are installed side by side: 0.1.x runs the 2025-11-25 scenarios (`--suite all`),
 * the 0.2.0-alpha line (npm alias `conformance-2026`) the frozen 2026-07-28 requirement set.
 * `runConformanceClient` runs one scenario of client mode (the suite's server, our client) and
 * reads back every check its server recorded.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { node22 } from './node22.js';

const require = createRequire(import.meta.url);

/** The protocol eras the suite is run in, each with its release and its arguments. */
export const SUITES = {
  '2025-11-25': { cli: cliOf(require.resolve('@modelcontextprotocol/conformance/package.json')), args: ['--suite', 'all'] },
  '2026-07-28': { cli: cliOf(require.resolve('conformance-2026/package.json')), args: ['--requirements', '2026-07-28'] },
} as const;
export type Era = keyof typeof SUITES;

/** The suite's command, next to its package.json. */
function cliOf(manifest: string): string {
  return join(dirname(manifest), 'dist/index.js');
}

/** One scenario's summary line: `✓ name: N passed, M failed`. */
export interface ScenarioResult {
  ok: boolean;
  passed: number;
  failed: number;
}

export interface ConformanceRun {
  code: number | null;
  output: string;
  /** The closing line, `Total: N passed, M failed`. */
  closing: string | undefined;
  passed: number;
  failed: number;
  /** Every scenario run, scored or not. */
  scenarios: Record<string, ScenarioResult>;
  /** Scenarios the 0.2 line runs and reports but does not score (extensions, pending). */
  unscored: string[];
  /** Failed checks by scenario: check id → its error message. */
  failedChecks: Record<string, Record<string, string>>;
}

/**
 * Runs `conformance server --url URL` with the era's suite in a fresh folder under `cwd` (it writes
 * results there), killed after `timeoutMs`.
 */
export async function runConformance(url: string, cwd: string, timeoutMs: number, era: Era = '2025-11-25'): Promise<ConformanceRun> {
  const { cli, args } = SUITES[era];
  const results = mkdtempSync(join(cwd, `results-${era}-`));
  const child = spawn(await node22(), [cli, 'server', '--url', url, ...args, '-o', results], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return parse(code, output, results);
}

function parse(code: number | null, output: string, results: string): ConformanceRun {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const closingIndex = lines.findIndex((line) => /^Total: \d+ passed, \d+ failed$/.test(line));
  const closing = closingIndex === -1 ? undefined : lines[closingIndex];
  const total = closing ? /(\d+) passed, (\d+) failed/.exec(closing) : null;
  const scenarios: Record<string, ScenarioResult> = {};
  for (const line of closingIndex === -1 ? lines : lines.slice(0, closingIndex)) {
    const match = /^([✓✗]) (\S+): (\d+) passed, (\d+) failed$/.exec(line);
    if (match) scenarios[match[2]!] = { ok: match[1] === '✓', passed: Number(match[3]), failed: Number(match[4]) };
  }
  const unscored = closingIndex === -1 ? [] : lines.slice(closingIndex + 1).flatMap((line) => /^\s+[✓✗] (\S+) \(/.exec(line)?.[1] ?? []);
  return {
    code,
    output,
    closing,
    passed: Number(total?.[1] ?? 0),
    failed: total ? Number(total[2]) : Number.NaN,
    scenarios,
    unscored,
    failedChecks: failedChecksIn(results),
  };
}

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

/** `server-<scenario>-<ISO time>/checks.json` for each scenario run. */
function failedChecksIn(results: string): Record<string, Record<string, string>> {
  const failed: Record<string, Record<string, string>> = {};
  for (const folder of readdirSync(results)) {
    const scenario = folder.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT[\d-]+Z$/, '');
    let checks: Check[];
    try {
      checks = JSON.parse(readFileSync(join(results, folder, 'checks.json'), 'utf8')) as Check[];
    } catch {
      continue;
    }
    for (const check of checks) {
      if (check.status !== 'FAILURE') continue;
      (failed[scenario] ??= {})[check.id] = check.errorMessage ?? '(no message)';
    }
  }
  return failed;
}

/** The names of the scenarios whose summary line is `✗`, scored ones only, sorted. */
export function failedScenarios(run: ConformanceRun): string[] {
  return Object.entries(run.scenarios)
    .filter(([name, result]) => !result.ok && !run.unscored.includes(name))
    .map(([name]) => name)
    .sort();
}

/** Kills a child (SIGKILL) and resolves once it has exited. */
export function stopChild(child: ChildProcess | undefined): Promise<void> {
  return new Promise((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGKILL');
  });
}

/** Spawns a process and resolves with the first match of `pattern` in its stdout or stderr. */
export function spawnAndWait(command: string, args: string[], pattern: RegExp, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let seen = '';
  return new Promise<{ child: ChildProcess; match: RegExpExecArray; output: () => string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${options.timeoutMs ?? 10_000} ms; output: ${seen}`)), options.timeoutMs ?? 10_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ${pattern}; output: ${seen}`));
    });
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({ child, match, output: () => seen });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

/** The installed releases by line: 0.1.x (`@modelcontextprotocol/conformance`) and 0.2.0-alpha (`conformance-2026`). */
const RELEASES = { '0.1': SUITES['2025-11-25'].cli, '0.2': SUITES['2026-07-28'].cli } as const;

/** One scenario of client mode: every check the suite's server recorded, and what the client printed. */
export interface ClientScenarioRun {
  code: number | null;
  output: string;
  checks: (Check & { name: string })[];
  /** The client command's stdout and stderr, as the suite saved them. */
  clientStdout: string;
  clientStderr: string;
}

/**
 * Runs `conformance client --command COMMAND --scenario SCENARIO` (at `specVersion` when given) with
 * one release, in a fresh folder under `cwd`, killed after `timeoutMs`. The suite starts its own
 * server on localhost and runs `COMMAND <its URL>`, which must exit by `clientTimeoutMs`.
 */
export async function runConformanceClient(options: {
  release: keyof typeof RELEASES;
  command: string;
  scenario: string;
  specVersion?: Era;
  cwd: string;
  timeoutMs: number;
  clientTimeoutMs: number;
}): Promise<ClientScenarioRun> {
  const results = mkdtempSync(join(options.cwd, 'client-results-'));
  const args = [RELEASES[options.release], 'client', '--command', options.command, '--scenario', options.scenario];
  if (options.specVersion) args.push('--spec-version', options.specVersion);
  args.push('--timeout', String(options.clientTimeoutMs), '-o', results);
  const child = spawn(await node22(), args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[killed after ${options.timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('close', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  // `<scenario>-<ISO time>/` holds checks.json and the client's stdout.txt, stderr.txt.
  const folder = readdirSync(results)[0] ?? 'none';
  const read = (file: string) => {
    try {
      return readFileSync(join(results, folder, file), 'utf8');
    } catch {
      return '';
    }
  };
  return {
    code,
    output,
    checks: JSON.parse(read('checks.json') || '[]') as ClientScenarioRun['checks'],
    clientStdout: read('stdout.txt'),
    clientStderr: read('stderr.txt'),
  };
}
