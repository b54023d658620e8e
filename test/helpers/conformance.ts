/**
 * Running the official conformance suite (@modelcontextprotocol/conformance, server mode) as a
 * child process, bounded in time, and reading its verdict.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './paths.js';

const CONFORMANCE_CLI = join(ROOT, 'node_modules/@modelcontextprotocol/conformance/dist/index.js');
/** What 0.1.13 counts with `--suite all` (server-sse-polling only yields warnings and infos). */
export const EXPECTED_CHECKS = 44;

export interface ConformanceRun {
  code: number | null;
  output: string;
  passed: number;
  failed: number;
  /** Lines of scenarios that failed (`✗ …`). */
  failures: string[];
}

/** Runs `conformance server --url URL --suite all` in `cwd` (it may write there), killed after `timeoutMs`. */
export function runConformance(url: string, cwd: string, timeoutMs: number): Promise<ConformanceRun> {
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
      const total = /^Total: (\d+) passed, (\d+) failed$/m.exec(output);
      resolve({
        code,
        output,
        passed: Number(total?.[1] ?? 0),
        failed: total ? Number(total[2]) : Number.NaN,
        failures: output.split('\n').filter((line) => line.startsWith('✗')),
      });
    });
  });
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
