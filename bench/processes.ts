/**
 * Child processes the bench starts itself (HTTP fixtures, the gateway over HTTP): spawned,
 * awaited until they announce their address, drained, and always stopped, even on a deadline.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

const live = new Set<ChildProcess>();

export interface Announced {
  child: ChildProcess;
  /** The first capture group of the announcement pattern. */
  value: string;
}

/** Raised when a child exits (or times out) before announcing itself; `output` is its tail. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/**
 * Spawns `node <args>` and resolves once a line on stdout or stderr matches `pattern`.
 * Output is drained for the child's whole life so a full pipe can never block it.
 */
export function spawnAnnounced(args: string[], pattern: RegExp, timeoutMs: number, env: NodeJS.ProcessEnv = process.env): Promise<Announced> {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  return new Promise<Announced>((resolve, reject) => {
    const fail = (message: string) => {
      clearTimeout(timer);
      void stopChild(child);
      reject(new StartFailure(message, output.slice(-2000)));
    };
    const timer = setTimeout(() => fail(`no announcement within ${timeoutMs} ms`), timeoutMs);
    const onData = (chunk: Buffer) => {
      if (output.length < 64_000) output += chunk.toString('utf8');
      const match = pattern.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve({ child, value: match[1] });
      }
    };
    const onExit = (code: number | null) => fail(`exited with code ${code} before announcing itself`);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort on a deadline or a signal: every child still running is killed. */
export function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
}

/** Peak and current resident set of a process, in MB, from /proc (Linux only). */
export function memoryOf(pid: number): { peakMb: number; rssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}
