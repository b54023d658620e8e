/**
 * Making sure a child and everything it started are gone: close stdin and wait, then SIGTERM to
 * its process group, then SIGKILL to the group.
 *
 * Stdio children are spawned as leaders of their own process group (see `process-group.ts`), so
 * a signal to `-pid` reaches the wrappers' grandchildren too (`sh -c`, `npx`, `uv run`). The group
 * is signalled even after the leader has exited, so nothing it left behind survives.
 */
import type { ChildProcess } from 'node:child_process';
import { liveGroupMembers } from './proc.js';

export interface TerminateOptions {
  /** How long the child may take to exit on its own (stdin closed) before SIGTERM. @default 500 */
  graceMs?: number;
  /** How long after SIGTERM before SIGKILL. @default 2000 */
  killAfterMs?: number;
  /** Signal the whole process group `-pid` (the child must lead one). @default true */
  group?: boolean;
}

/** Whether the child has exited (or never started). */
function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

/** Resolves `true` once the child exits, or `false` after `ms`. */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    child.once('exit', onExit);
  });
}

/** Whether any live process of group `pgid` remains (zombies do not count). */
function groupAlive(pgid: number): boolean {
  return liveGroupMembers(pgid).length > 0;
}

/** Send `signal` to group `pgid`; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends `child` and its group: closes stdin and gives it `graceMs`, then SIGTERM to the group, then
 * SIGKILL to the group after `killAfterMs`. Resolves when the child has exited and the group is
 * empty, or at most one second after SIGKILL.
 */
export async function terminate(child: ChildProcess, options: TerminateOptions = {}): Promise<void> {
  const pid = child.pid;
  const group = (options.group ?? true) && pid !== undefined;
  const killAfterMs = options.killAfterMs ?? 2000;
  const alive = () => !hasExited(child) || (group && groupAlive(pid));
  if (!alive()) return;
  try {
    child.stdin?.end();
  } catch {
    // The pipe is already broken; the signals below do the rest.
  }
  if (await settle(child, alive, hasExited(child) ? 0 : (options.graceMs ?? 500))) return;
  send(child, group, 'SIGTERM');
  if (await settle(child, alive, killAfterMs)) return;
  send(child, group, 'SIGKILL');
  await settle(child, alive, 1000);
}

function send(child: ChildProcess, group: boolean, signal: NodeJS.Signals): void {
  if (group && child.pid !== undefined && signalGroup(child.pid, signal)) return;
  try {
    child.kill(signal);
  } catch {
    // Already gone.
  }
}

/** Wait up to `ms` for `alive()` to turn false: the child's exit event, then polling the group. */
async function settle(child: ChildProcess, alive: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  await waitForExit(child, ms);
  while (alive()) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(25, left)));
  }
  return true;
}
