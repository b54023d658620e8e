/**
 * Query-time scoring over precomputed postings: a per-index scratch with one slot per document
 * (reset after each query, so a query allocates little), and a bounded best-k selection.
 */
import type { Postings } from './bm25.js';

/**
 * Query terms as term ids, each with the related terms that may stand for it and their weights;
 * `mass` is how much the term counts towards coverage (its idf); `uniform`, when the term names a
 * server, gives every tool of that server the same score for it (see server-context.ts).
 */
export interface QueryGroup {
  ids: number[];
  weights: number[];
  mass: number;
  uniform?: { docs: readonly number[]; score: number }[];
}
export type QueryGroups = QueryGroup[];

/** One document's sums for a query: its score and the mass of the query terms it matched. */
export type Visit = (doc: number, score: number, matched: number) => void;

export class Scorer {
  private readonly total: Float64Array;
  private readonly best: Float64Array;
  private readonly matched: Float64Array;
  private readonly inTotal: Uint8Array;
  private readonly inBest: Uint8Array;
  private readonly touched: number[] = [];
  private readonly group: number[] = [];

  constructor(size: number) {
    this.total = new Float64Array(size);
    this.best = new Float64Array(size);
    this.matched = new Float64Array(size);
    this.inTotal = new Uint8Array(size);
    this.inBest = new Uint8Array(size);
  }

  /**
   * Scores every document that holds a term of the query: per group, the best of its members (so
   * three synonyms of one word do not count three times), summed over groups; then visits each
   * such document once, in no particular order, and resets.
   */
  run(postings: Postings, groups: QueryGroups, visit: Visit): void {
    const { start, docs, scores } = postings;
    for (const { ids, weights, mass, uniform } of groups) {
      for (const { docs: members, score } of uniform ?? []) {
        for (const doc of members) {
          if (this.inBest[doc] === 0) {
            this.inBest[doc] = 1;
            this.best[doc] = score;
            this.group.push(doc);
          } else if (score > (this.best[doc] ?? 0)) this.best[doc] = score;
        }
      }
      for (let m = 0; m < ids.length; m++) {
        const t = ids[m] ?? 0;
        const w = weights[m] ?? 0;
        if (t + 1 >= start.length) continue;
        for (let i = start[t] ?? 0, end = start[t + 1] ?? 0; i < end; i++) {
          const doc = docs[i] ?? 0;
          const s = (scores[i] ?? 0) * w;
          if (this.inBest[doc] === 0) {
            this.inBest[doc] = 1;
            this.best[doc] = s;
            this.group.push(doc);
          } else if (s > (this.best[doc] ?? 0)) this.best[doc] = s;
        }
      }
      for (const doc of this.group) {
        if (this.inTotal[doc] === 0) {
          this.inTotal[doc] = 1;
          this.total[doc] = 0;
          this.matched[doc] = 0;
          this.touched.push(doc);
        }
        this.total[doc] = (this.total[doc] ?? 0) + (this.best[doc] ?? 0);
        this.matched[doc] = (this.matched[doc] ?? 0) + mass;
        this.inBest[doc] = 0;
      }
      this.group.length = 0;
    }
    for (const doc of this.touched) {
      visit(doc, this.total[doc] ?? 0, this.matched[doc] ?? 0);
      this.inTotal[doc] = 0;
    }
    this.touched.length = 0;
  }
}

/** The best `k` of a stream of (doc, score), ties broken by name so the order is stable. */
export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  constructor(
    private readonly k: number,
    private readonly names: readonly string[],
  ) {}

  private before(docA: number, a: number, docB: number, b: number): boolean {
    return a > b || (a === b && (this.names[docA] ?? '') < (this.names[docB] ?? ''));
  }

  offer(doc: number, score: number): void {
    const n = this.docs.length;
    if (this.k <= 0) return;
    if (n === this.k && !this.before(doc, score, this.docs[n - 1] ?? 0, this.scores[n - 1] ?? 0)) return;
    let at = n === this.k ? n - 1 : n;
    while (at > 0 && this.before(doc, score, this.docs[at - 1] ?? 0, this.scores[at - 1] ?? 0)) {
      this.docs[at] = this.docs[at - 1] ?? 0;
      this.scores[at] = this.scores[at - 1] ?? 0;
      at--;
    }
    this.docs[at] = doc;
    this.scores[at] = score;
  }

  list(): [number, number][] {
    return this.docs.map((doc, i) => [doc, this.scores[i] ?? 0]);
  }
}
