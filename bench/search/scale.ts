/**
 * Speed at scale: the corpus replicated to `target` tools, each copy perturbed (its own server id,
 * some description words dropped, a copy-specific word added) so postings are not identical, then
 * index build time and per-query latency over every benchmark query.
 */
import { buildToolIndex } from '../../src/registry/search/index.js';
import type { SearchDoc } from '../../src/registry/search/index.js';

/** Wall-clock and CPU milliseconds (CPU: this process's user + system time, which other load on a shared machine does not inflate). */
export interface Timing {
  p50: number;
  p99: number;
  max: number;
}
export interface Speed {
  tools: number;
  build: { wall: Timing; cpu: Timing; count: number };
  query: { wall: Timing; cpu: Timing; count: number };
}

export function replicate(docs: readonly SearchDoc[], target: number): SearchDoc[] {
  const out: SearchDoc[] = [];
  for (let copy = 0; out.length < target; copy++) {
    for (const doc of docs) {
      if (out.length >= target) break;
      if (copy === 0) {
        out.push(doc);
        continue;
      }
      const server = `${doc.server}${copy}`;
      const words = (doc.description ?? '').split(' ');
      const drop = 3 + (copy % 5);
      const description = `${words.filter((_, i) => i % drop !== drop - 1).join(' ')} variant${copy}`;
      out.push({ ...doc, server, name: `${server}__${doc.originalName ?? doc.name}`, description });
    }
  }
  return out;
}

const ms = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
const cpuMs = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

function timing(values: number[]): Timing {
  values.sort((a, b) => a - b);
  return { p50: percentile(values, 50), p99: percentile(values, 99), max: values[values.length - 1] ?? 0 };
}

/** Times `run` `times` times, wall and CPU. */
function timed(times: number, run: (i: number) => void): { wall: Timing; cpu: Timing; count: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < times; i++) {
    const startCpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    run(i);
    wall.push(ms(start));
    cpu.push(cpuMs(startCpu));
  }
  return { wall: timing(wall), cpu: timing(cpu), count: times };
}

export function measureSpeed(docs: readonly SearchDoc[], queries: readonly string[], options: { builds: number; rounds: number }): Speed {
  let index = buildToolIndex(docs); // warm-up: JIT
  index = buildToolIndex(docs);
  const build = timed(options.builds, () => {
    index = buildToolIndex(docs);
  });
  for (const q of queries) index.search(q, { limit: 10 });
  const query = timed(options.rounds * queries.length, (i) => {
    index.search(queries[i % queries.length] ?? '', { limit: 10 });
  });
  return { tools: docs.length, build, query };
}
