/**
 * Server context: how well the query fits each server as a whole (its id, its description and the
 * names of all its tools), so that "on my repo" lifts the tools of the server that is about
 * repositories, and a vague request leans towards the server it is most about. Each server is one
 * pseudo-document, scored with the same BM25F as tools; a tool's score is then multiplied by
 * `1 + boost × (its server's score / the best server's score)`.
 */
import type { Analyzer } from './analyze.js';
import { buildPostings } from './bm25.js';
import type { Postings } from './bm25.js';
import type { FieldConfig } from './config.js';
import { FIELD_WORDS, fieldText } from './fields.js';
import type { FieldSource } from './fields.js';
import { Scorer } from './scorer.js';
import type { QueryGroups } from './scorer.js';

/** Words of tool names read per server. */
const MAX_SERVER_NAME_WORDS = 2_000;

const FIELDS: readonly FieldConfig[] = [
  { field: 'server', weight: 2, b: 0.5 },
  { field: 'name', weight: 1, b: 0.75 },
];

export interface ServerContext {
  /** Server number of each document. */
  readonly serverOf: Int32Array;
  /** Per query: each server's score relative to the best (0–1). */
  fit(groups: QueryGroups): Float64Array;
  /**
   * Marks the query terms that name a server (a word of its id: "github", "notion"): every tool of
   * that server scores that term alike, at the best score any of its tools has for it, so naming
   * the server picks the server without favouring the tools that happen to repeat its name.
   */
  nameServers(groups: QueryGroups, main: Postings): void;
}

/** `nameTerms[doc]`: the term ids of each document's name, as the index analysed them. */
export function buildServerContext(docs: readonly FieldSource[], nameTerms: readonly (readonly number[])[], analyzer: Analyzer, k1: number): ServerContext {
  const numbers = new Map<string, number>();
  const serverOf = new Int32Array(docs.length);
  const fields: number[][][] = [];
  docs.forEach((doc, d) => {
    const key = String(doc.server);
    let n = numbers.get(key);
    if (n === undefined) {
      n = fields.length;
      numbers.set(key, n);
      fields.push([analyzer.index(fieldText(doc, 'server'), FIELD_WORDS.server), []]);
    }
    serverOf[d] = n;
    const names = fields[n]?.[1];
    if (names !== undefined && names.length < MAX_SERVER_NAME_WORDS) {
      // Each tool adds its name's terms once.
      for (const id of new Set(nameTerms[d] ?? [])) names.push(id);
    }
  });
  // Terms of each server's id, and each server's documents.
  const idTerms = new Map<number, number[]>();
  const members: number[][] = fields.map(() => []);
  docs.forEach((_, d) => members[serverOf[d] ?? 0]?.push(d));
  for (const [id, n] of numbers) {
    for (const t of new Set(analyzer.index(id, 8))) {
      const list = idTerms.get(t) ?? [];
      list.push(n);
      idTerms.set(t, list);
    }
  }
  const postings: Postings = buildPostings(fields, FIELDS, analyzer.vocabulary.length, k1);
  const scorer = new Scorer(fields.length);
  return {
    serverOf,
    nameServers(groups, main) {
      for (const group of groups) {
        const t = group.ids[0];
        const named = t === undefined ? undefined : idTerms.get(t);
        if (t === undefined || named === undefined || t + 1 >= main.start.length) continue;
        // The best score of the term among each named server's tools (0 if none of them has it).
        const best = new Map<number, number>(named.map((n) => [n, 0]));
        for (let i = main.start[t] ?? 0, end = main.start[t + 1] ?? 0; i < end; i++) {
          const n = serverOf[main.docs[i] ?? 0] ?? 0;
          const current = best.get(n);
          if (current !== undefined && (main.scores[i] ?? 0) > current) best.set(n, main.scores[i] ?? 0);
        }
        group.uniform = named.flatMap((n) => {
          const score = best.get(n) ?? 0;
          return score > 0 ? [{ docs: members[n] ?? [], score }] : [];
        });
      }
    },
    fit(groups) {
      const out = new Float64Array(fields.length);
      let best = 0;
      scorer.run(postings, groups, (server, score) => {
        out[server] = score;
        if (score > best) best = score;
      });
      if (best > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / best;
      return out;
    },
  };
}
