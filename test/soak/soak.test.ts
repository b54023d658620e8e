/**
 * A shortened soak: mixed calls through a pool of fault fixtures while a random server is killed
 * (SIGKILL) again and again. Every request must get exactly one answer (a result that matches
 * it, or an error), no process may survive, memory must stay flat.
 *
 * Driven by events, not the clock: each kill waits for SOAK_CALLS_PER_KILL more answered calls
 * (default 200) and for the last victim to be ready again; SOAK_KILLS sets how many (default 15).
 * Figures go to stdout: `SOAK calls=… ok=… errors=… kills=… lost=… orphans=… heap=…→… rss=…→…`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../src/downstream/pool.js';
import { makePool } from '../integration/downstream/helpers.js';
import { eventually, faultEntry, processesWith, waitForState } from '../integration/faults/helpers.js';

const KILLS = Number(process.env.SOAK_KILLS ?? 15);
const CALLS_PER_KILL = Number(process.env.SOAK_CALLS_PER_KILL ?? 200);
const SERVERS = ['s0', 's1', 's2', 's3'];
const WORKERS = 16;

const pools: DownstreamPool[] = [];
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
/** Lets other work run between a worker's calls. */
const yieldTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('soak', () => {
  it(`answers every request exactly once while servers are killed ${KILLS} times`, { timeout: 60_000 + KILLS * 10_000 }, async () => {
    const marker = `soak-${process.pid}-${Date.now()}`;
    const pool = makePool(
      SERVERS.map((id) =>
        faultEntry(id, id === 's3' ? ['--grandchild'] : [], { timeout: 2000, restart: { initialDelay: 50, maxDelay: 500, maxRetries: 1000 } }, marker),
      ),
      pools,
    );
    await pool.start();
    const counts = { sent: 0, settled: 0, ok: 0, mismatched: 0, kills: 0 };
    const errors = new Map<string, number>();
    let running = true;
    let sequence = 0;

    /** One call; the server's id when it refused the call for not being ready. */
    const one = async (): Promise<string | undefined> => {
      const id = SERVERS[Math.floor(Math.random() * SERVERS.length)] as string;
      const n = sequence++;
      const kind = n % 4;
      counts.sent++;
      try {
        if (kind === 0 || kind === 1) {
          const result = await pool.request(id, 'tools/call', { name: 'echo', arguments: { n } });
          if ((result.structuredContent as { n?: number } | undefined)?.n !== n) counts.mismatched++;
        } else if (kind === 2) {
          let progress = 0;
          await pool.request(id, 'tools/call', { name: 'burst' }, { onprogress: () => progress++ });
          if (progress !== 1) counts.mismatched++;
        } else {
          await pool.request(id, 'tools/list', {});
        }
        counts.ok++;
        return undefined;
      } catch (error) {
        const code = (error as { code?: string }).code ?? `${(error as Error).name}: ${(error as Error).message}`;
        errors.set(String(code), (errors.get(String(code)) ?? 0) + 1);
        return code === 'SERVER_UNAVAILABLE' ? id : undefined;
      } finally {
        counts.settled++;
      }
    };
    const worker = async () => {
      while (running) {
        const refused = await one();
        // A server that is restarting refuses at once: wait until it is back, do not spin on it.
        if (refused !== undefined) await waitForState(pool, refused, 'ready', 30_000);
        else await yieldTurn();
      }
    };
    let heapStart = 0;
    let rssStart = 0;
    const killer = async () => {
      while (counts.kills < KILLS) {
        const target = counts.ok + CALLS_PER_KILL;
        await eventually(() => counts.ok >= target, { timeout: 30_000, what: `${CALLS_PER_KILL} more answered calls` });
        const id = SERVERS[Math.floor(Math.random() * SERVERS.length)] as string;
        await waitForState(pool, id, 'ready', 30_000);
        const victim = pool.get(id)?.status().pid;
        if (victim === undefined) continue;
        process.kill(victim, 'SIGKILL');
        counts.kills++;
        await waitForState(pool, id, 'ready', 30_000);
        // The baseline is taken once everything has been through a crash and a restart.
        if (counts.kills === 1) ({ heapUsed: heapStart, rss: rssStart } = process.memoryUsage());
      }
      running = false;
    };

    await Promise.all([...Array.from({ length: WORKERS }, worker), killer()]);
    const heapEnd = process.memoryUsage().heapUsed;
    const rssEnd = process.memoryUsage().rss;
    await pool.stop();
    const orphans = processesWith(marker).length;
    const lost = counts.sent - counts.settled;
    const errorText = [...errors].map(([code, count]) => `${code}:${count}`).join(',');
    process.stdout.write(
      `SOAK kills=${KILLS} calls=${counts.sent} ok=${counts.ok} errors=${counts.sent - counts.ok} (${errorText}) mismatched=${counts.mismatched} killed=${counts.kills} lost=${lost} orphans=${orphans} heapMB=${mb(heapStart)}→${mb(heapEnd)} rssMB=${mb(rssStart)}→${mb(rssEnd)} restarts=${pool
        .statuses()
        .map((s) => s.restarts)
        .join('/')}\n`,
    );

    expect(lost).toBe(0);
    expect(counts.mismatched).toBe(0);
    expect(orphans).toBe(0);
    expect(counts.kills).toBe(KILLS);
    expect(counts.ok).toBeGreaterThan(counts.sent / 2);
    // Only the errors a kill explains.
    expect([...errors.keys()].every((code) => ['CONNECTION_CLOSED', 'SERVER_UNAVAILABLE'].includes(code))).toBe(true);
    expect(heapEnd - heapStart).toBeLessThan(40 * 1024 * 1024);
  });
});
