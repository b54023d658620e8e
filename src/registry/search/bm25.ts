/**
 * BM25F postings: for every term, the documents that hold it and the term's score in each,
 * computed once at build time (Robertson & Zaragoza's BM25F: per-field length-normalized term
 * frequencies, weighted and summed, then saturated once with k1; BM25's idf). A query then only adds
 * precomputed numbers, so its cost is the length of the postings it touches. Laid out as one
 * compressed-row table: term t's postings are `docs[start[t] .. start[t + 1])`, docs ascending.
 */
import type { FieldConfig } from './config.js';

export interface Postings {
  /** `start[t]`: where term t's postings begin; `start[terms]` is their total. */
  readonly start: Int32Array;
  readonly docs: Int32Array;
  readonly scores: Float32Array;
}

/** `fieldTerms[doc][i]` are the term ids of document `doc` in `fields[i]`, ids below `terms`. */
export function buildPostings(fieldTerms: readonly (readonly (readonly number[])[])[], fields: readonly FieldConfig[], terms: number, k1: number): Postings {
  const n = fieldTerms.length;
  const avgLength = fields.map((_, i) => {
    let total = 0;
    for (const doc of fieldTerms) total += doc[i]?.length ?? 0;
    return n === 0 ? 1 : Math.max(total / n, 1);
  });
  const tf = new Float64Array(terms);
  const df = new Int32Array(terms + 1);
  // Every (doc, term, pseudo frequency), docs in order: scattered by term below.
  const flatTerm: number[] = [];
  const flatTf: number[] = [];
  const docEnd = new Int32Array(n);
  const touched: number[] = [];
  for (let d = 0; d < n; d++) {
    const doc = fieldTerms[d] ?? [];
    for (let i = 0; i < fields.length; i++) {
      const ids = doc[i] ?? [];
      if (ids.length === 0) continue;
      const { weight, b } = fields[i] ?? { weight: 0, b: 0 };
      const norm = weight / (1 - b + (b * ids.length) / (avgLength[i] ?? 1));
      for (const t of ids) {
        if (tf[t] === 0) touched.push(t);
        tf[t] = (tf[t] ?? 0) + norm;
      }
    }
    for (const t of touched) {
      flatTerm.push(t);
      flatTf.push(tf[t] ?? 0);
      df[t] = (df[t] ?? 0) + 1;
      tf[t] = 0;
    }
    touched.length = 0;
    docEnd[d] = flatTerm.length;
  }
  const start = new Int32Array(terms + 1);
  for (let t = 0; t < terms; t++) start[t + 1] = (start[t] ?? 0) + (df[t] ?? 0);
  const fill = start.slice(0, terms);
  const docs = new Int32Array(flatTerm.length);
  const scores = new Float32Array(flatTerm.length);
  const idf = new Float64Array(terms);
  for (let t = 0; t < terms; t++) idf[t] = Math.log(1 + (n - (df[t] ?? 0) + 0.5) / ((df[t] ?? 0) + 0.5));
  let at = 0;
  for (let d = 0; d < n; d++) {
    for (const end = docEnd[d] ?? 0; at < end; at++) {
      const t = flatTerm[at] ?? 0;
      const f = flatTf[at] ?? 0;
      const slot = fill[t] ?? 0;
      fill[t] = slot + 1;
      docs[slot] = d;
      scores[slot] = ((idf[t] ?? 0) * f * (k1 + 1)) / (k1 + f);
    }
  }
  return { start, docs, scores };
}
