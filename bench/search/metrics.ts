/** Retrieval quality of an index on the queries: recall@1, recall@5, mean reciprocal rank. */
import type { ToolIndex } from '../../src/registry/search/index.js';
import { advertised } from './load.js';
import type { Query } from './load.js';

export interface Quality {
  recallAt1: number;
  recallAt5: number;
  mrr: number;
  /** Queries with no acceptable tool in the top 5, with what came first instead. */
  misses: { q: string; expect: string[]; got: string[] }[];
}

/** Ranks looked at for MRR; a tool further down counts 0. */
const MRR_DEPTH = 10;

export function measureQuality(index: ToolIndex, queries: readonly Query[]): Quality {
  let at1 = 0;
  let at5 = 0;
  let rr = 0;
  const misses: Quality['misses'] = [];
  for (const query of queries) {
    const wanted = new Set(query.expect.map((e) => advertised(e.slice(0, e.indexOf('/')), e.slice(e.indexOf('/') + 1))));
    const hits = index.search(query.q, { limit: MRR_DEPTH }).map((hit) => hit.name);
    const rank = hits.findIndex((name) => wanted.has(name));
    if (rank === 0) at1++;
    if (rank >= 0 && rank < 5) at5++;
    else misses.push({ q: query.q, expect: query.expect, got: hits.slice(0, 3) });
    if (rank >= 0) rr += 1 / (rank + 1);
  }
  const n = Math.max(queries.length, 1);
  return { recallAt1: at1 / n, recallAt5: at5 / n, mrr: rr / n, misses };
}
