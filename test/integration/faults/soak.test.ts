/**
 * A shortened soak: mixed calls through a pool of fault fixtures while a random server is killed
 * (SIGKILL) every few seconds. Every request must get exactly one answer (a result that matches
 * it, or an error), no process may survive, memory must stay flat.
 *
 * SOAK_SECONDS sets the length (default 60); SOAK_KILL_EVERY_MS the kill interval (default 3000).
 * Figures go to stdout: `SOAK calls=… ok=… errors=… kills=… lost=… orphans=… heap=…→… rss=…→…`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { makePool } from '../downstream/helpers.js';
import { faultEntry, processesWith, sleep } from './helpers.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const KILL_EVERY_MS = Number(process.env.SOAK_KILL_EVERY_MS ?? 3000);
const SERVERS = ['s0', 's1', 's2', 's3'];
const WORKERS = 16;

const pools: DownstreamPool[] = [];
afterAll(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

describe('soak', () => {
  it(`answers every request exactly once while servers are killed, for ${SECONDS} s`, { timeout: (SECONDS + 60) * 1000 }, async () => {
    const marker = `soak-${process.pid}-${Date.now()}`;
    const pool = makePool(
      SERVERS.map((id) => faultEntry(id, id === 's3' ? ['--grandchild'] : [], { timeout: 2000, restart: { initialDelay: 50, maxDelay: 500, maxRetries: 1000 } }, marker)),
      pools,
    );
    await pool.start();
    const counts = { sent: 0, settled: 0, ok: 0, mismatched: 0, kills: 0 };
    const errors = new Map<string, number>();
    let running = true;
    let sequence = 0;

    const one = async (): Promise<void> => {
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
      } catch (error) {
        const code = (error as { code?: string }).code ?? (error as Error).name;
        errors.set(String(code), (errors.get(String(code)) ?? 0) + 1);
      } finally {
        counts.settled++;
      }
    };
    const worker = async () => {
      while (running) {
        await one();
        // Servers that are restarting refuse at once; do not spin on them.
        await sleep(2);
      }
    };
    const killer = async () => {
      while (running) {
        await sleep(KILL_EVERY_MS);
        const victim = pool.get(SERVERS[Math.floor(Math.random() * SERVERS.length)] as string)?.status().pid;
        if (victim === undefined || !running) continue;
        try {
          process.kill(victim, 'SIGKILL');
          counts.kills++;
        } catch {
          // Already gone.
        }
      }
    };

    const startedAt = Date.now();
    const work = [...Array.from({ length: WORKERS }, worker), killer()];
    await sleep(Math.min(5000, (SECONDS * 1000) / 6));
    const heapStart = process.memoryUsage().heapUsed;
    const rssStart = process.memoryUsage().rss;
    await sleep(Math.max(0, SECONDS * 1000 - (Date.now() - startedAt)));
    running = false;
    await Promise.all(work);
    const heapEnd = process.memoryUsage().heapUsed;
    const rssEnd = process.memoryUsage().rss;
    await pool.stop();
    const orphans = processesWith(marker).length;
    const lost = counts.sent - counts.settled;
    const errorText = [...errors].map(([code, count]) => `${code}:${count}`).join(',');
    process.stdout.write(
      `SOAK seconds=${SECONDS} calls=${counts.sent} ok=${counts.ok} errors=${counts.sent - counts.ok} (${errorText}) mismatched=${counts.mismatched} kills=${counts.kills} lost=${lost} orphans=${orphans} heapMB=${mb(heapStart)}→${mb(heapEnd)} rssMB=${mb(rssStart)}→${mb(rssEnd)} restarts=${pool.statuses().map((s) => s.restarts).join('/')}\n`,
    );

    expect(lost).toBe(0);
    expect(counts.mismatched).toBe(0);
    expect(orphans).toBe(0);
    expect(counts.kills).toBeGreaterThanOrEqual(Math.floor(SECONDS / (KILL_EVERY_MS / 1000)) - 2);
    expect(counts.ok).toBeGreaterThan(counts.sent / 2);
    // Only the errors a kill explains.
    expect([...errors.keys()].every((code) => ['CONNECTION_CLOSED', 'SERVER_UNAVAILABLE'].includes(code))).toBe(true);
    expect(heapEnd - heapStart).toBeLessThan(40 * 1024 * 1024);
  });
});
