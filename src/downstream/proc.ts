/**
 * Which processes of a process group are still running, read from `/proc` on Linux.
 *
 * `kill(-pgid, 0)` also counts zombies, and where PID 1 does not reap orphans (containers,
 * micro-VMs) a grandchild's zombie would look alive forever. Elsewhere the signal probe is used.
 */
import { readdirSync, readFileSync } from 'node:fs';

const HAS_PROC = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/** State, parent and group of one `/proc/<pid>/stat` line; undefined if unreadable. */
function readStat(pid: number): { state: string; ppid: number; pgrp: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) state ppid pgrp ...`; comm may hold spaces and parentheses.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '?', ppid: Number(fields[1]), pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

/** Pids of the live (not zombie) processes whose process group is `pgid`. */
export function liveGroupMembers(pgid: number): number[] {
  if (!HAS_PROC) return probeGroup(pgid) ? [pgid] : [];
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') out.push(pid);
  }
  return out;
}

function probeGroup(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
