/**
 * Shared bits of the fault suite: entries for the fault fixture with short deadlines and a fast
 * restart policy, `/proc` scans that prove no process survives, and small waiting helpers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ServerEntry } from '../../../src/config/schema.js';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import type { ConnectionState } from '../../../src/downstream/types.js';

export const FAULT_FIXTURE = fileURLToPath(new URL('../../fixtures/dist/fault-server.js', import.meta.url));

type Knobs = Partial<
  Pick<
    Extract<ServerEntry, { kind: 'stdio' }>,
    'timeout' | 'maxTotalTimeout' | 'connectTimeout' | 'maxConcurrency' | 'maxQueue' | 'maxMessageBytes' | 'restart' | 'env' | 'pingInterval'
  >
>;

/** A fault fixture entry; `marker` lands in its argv (and its grandchild's) for `/proc` scans. */
export function faultEntry(id: string, args: string[], knobs: Knobs = {}, marker = `fault-${id}-${process.pid}`): Extract<ServerEntry, { kind: 'stdio' }> {
  return {
    kind: 'stdio',
    id,
    enabled: true,
    command: process.execPath,
    args: [FAULT_FIXTURE, '--name', id, '--marker', marker, ...args],
    env: {},
    timeout: 2000,
    maxTotalTimeout: 10_000,
    connectTimeout: 3000,
    maxConcurrency: 8,
    restart: { initialDelay: 20, maxDelay: 200, maxRetries: 50 },
    ...knobs,
  };
}

/** Pids of live (not zombie) processes whose command line contains `marker`. */
export function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (state === 'Z' || state === 'X') continue;
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(marker)) out.push(Number(name));
    } catch {
      // Gone while we looked.
    }
  }
  return out;
}

/** Resolves when `serverId` reaches `state` (at once if it is there), rejects after `ms`. */
export function waitForState(pool: DownstreamPool, serverId: string, state: ConnectionState, ms = 5000): Promise<void> {
  if (pool.get(serverId)?.state === state) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      pool.off('state', onState);
      reject(new Error(`${serverId} did not reach ${state} within ${ms} ms (is ${pool.get(serverId)?.state})`));
    }, ms);
    const onState = (id: string, next: ConnectionState) => {
      if (id !== serverId || next !== state) return;
      clearTimeout(timer);
      pool.off('state', onState);
      resolve();
    };
    pool.on('state', onState);
  });
}

export { eventually } from '../../helpers/eventually.js';
