/**
 * Making sure a child process is gone: wait for it, then SIGTERM, then SIGKILL.
 */
import type { ChildProcess } from 'node:child_process';

export interface TerminateOptions {
  /** How long the child may take to exit on its own (stdin closed) before SIGTERM. @default 500 */
  graceMs?: number;
  /** How long after SIGTERM before SIGKILL. @default 2000 */
  killAfterMs?: number;
}

/** Whether the child has exited (or never started). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** Resolves `true` once the child exits, or `false` after `ms`. */
export function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Ends `child`: gives it `graceMs` to exit on its own, then SIGTERM, then SIGKILL after
 * `killAfterMs`. Resolves when it has exited (or, after SIGKILL, at most one more second later).
 */
export async function terminate(child: ChildProcess, options: TerminateOptions = {}): Promise<void> {
  if (await waitForExit(child, options.graceMs ?? 500)) return;
  signal(child, 'SIGTERM');
  if (await waitForExit(child, options.killAfterMs ?? 2000)) return;
  signal(child, 'SIGKILL');
  await waitForExit(child, 1000);
}

function signal(child: ChildProcess, name: NodeJS.Signals): void {
  try {
    child.kill(name);
  } catch {
    // Already gone.
  }
}
