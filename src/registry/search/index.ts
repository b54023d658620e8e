/**
 * Tool search: a ranked lexical index over a view's tools, built once per catalog change and queried
 * by the gateway's search tool. Pure data, no I/O. How it ranks: docs/tool-search.md.
 */
import { createAnalyzer, MAX_QUERY_CHARS, MAX_QUERY_TERMS } from './analyze.js';
import type { Analyzer } from './analyze.js';
import { buildPostings } from './bm25.js';
import type { Postings } from './bm25.js';
import { DEFAULT_SEARCH_CONFIG } from './config.js';
import type { SearchConfig } from './config.js';
import { FIELD_WORDS, fieldText } from './fields.js';
import { handSynonyms, mergeSynonyms, mineAbbreviations } from './synonyms.js';
import type { SynonymTable } from './synonyms.js';

export interface SearchDoc {
  /** Advertised tool name (unique key). */
  name: string;
  /** Server id. */
  server: string;
  originalName?: string;
  title?: string;
  description?: string;
  /** JSON Schema object; parameter names and descriptions are indexed (bounded). */
  inputSchema?: unknown;
  serverDescription?: string;
}

export interface SearchHit {
  name: string;
  server: string;
  score: number;
}

export interface ToolIndex {
  readonly size: number;
  /** Ranked hits, best first; `allow` filters BEFORE ranking/limiting (a tool the caller may not see is never returned or counted). */
  search(query: string, options?: { limit?: number; allow?: (name: string) => boolean }): SearchHit[];
}

/** Hits returned when no limit is given, and the most a caller may ask for. */
export const DEFAULT_SEARCH_LIMIT = 10;
export const MAX_SEARCH_LIMIT = 50;
/** Tools indexed; the rest of a larger list is ignored (a catalog that big is a configuration error). */
const MAX_INDEXED_TOOLS = 50_000;
/** Reciprocal-rank-fusion constant (Cormack et al. use 60). */
const RRF_K = 60;
/** How far down each ranking fusion looks. */
const FUSION_DEPTH = 100;

/** Query terms as term ids, each with the related terms that may stand for it and their weights. */
type QueryGroups = { ids: number[]; weights: number[] }[];

function analyzeQuery(query: string, analyzer: Analyzer, synonyms: SynonymTable | undefined): QueryGroups {
  const text = typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '';
  const terms = [...new Set(analyzer.query(text, MAX_QUERY_TERMS * 2))].slice(0, MAX_QUERY_TERMS);
  const groups: QueryGroups = [];
  for (const term of terms) {
    const group = { ids: [] as number[], weights: [] as number[] };
    const add = (t: string, weight: number): void => {
      const id = analyzer.id(t);
      if (id !== undefined && !group.ids.includes(id)) {
        group.ids.push(id);
        group.weights.push(weight);
      }
    };
    add(term, 1);
    for (const [related, weight] of synonyms?.get(term) ?? []) add(related, weight);
    if (group.ids.length > 0) groups.push(group);
  }
  return groups;
}

/** Per-index scratch for scoring: one slot per document, reset after each query. */
class Scorer {
  private readonly total: Float64Array;
  private readonly best: Float64Array;
  private readonly inTotal: Uint8Array;
  private readonly inBest: Uint8Array;
  private readonly touched: number[] = [];
  private readonly group: number[] = [];

  constructor(size: number) {
    this.total = new Float64Array(size);
    this.best = new Float64Array(size);
    this.inTotal = new Uint8Array(size);
    this.inBest = new Uint8Array(size);
  }

  /**
   * Scores every document that holds a term of the query: per group, the best of its members (so
   * three synonyms of one word do not count three times), summed over groups. Documents that
   * `allowed` refuses are left out before anything is ranked. The best `depth`, best first.
   */
  score(postings: Postings, groups: QueryGroups, allowed: (doc: number) => boolean, depth: number, names: readonly string[]): [number, number][] {
    const { start, docs, scores } = postings;
    for (const { ids, weights } of groups) {
      for (let m = 0; m < ids.length; m++) {
        const t = ids[m] ?? 0;
        const w = weights[m] ?? 0;
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
          this.touched.push(doc);
        }
        this.total[doc] = (this.total[doc] ?? 0) + (this.best[doc] ?? 0);
        this.inBest[doc] = 0;
      }
      this.group.length = 0;
    }
    const top = new TopK(depth, names);
    for (const doc of this.touched) {
      if (allowed(doc)) top.offer(doc, this.total[doc] ?? 0);
      this.inTotal[doc] = 0;
    }
    this.touched.length = 0;
    return top.list();
  }
}

/** The best `k` of a stream of (doc, score), ties broken by name so the order is stable. */
class TopK {
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
    if (this.k === 0) return;
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

/** The index with an explicit configuration (the benchmark measures each step this way). */
export function buildToolIndexWith(input: readonly SearchDoc[], config: SearchConfig): ToolIndex {
  const docs = input.slice(0, MAX_INDEXED_TOOLS);
  const analyzer = createAnalyzer({ split: config.split, stem: config.stem });
  // The server field is the same for every tool of a server: analysed once per server.
  const serverTerms = new Map<string, number[]>();
  const fieldTerms = docs.map((doc) =>
    config.fields.map(({ field }) => {
      if (field !== 'server') return analyzer.index(fieldText(doc, field), FIELD_WORDS[field]);
      const key = `${String(doc.server)}\n${String(doc.serverDescription ?? '')}`;
      let ids = serverTerms.get(key);
      if (ids === undefined) serverTerms.set(key, (ids = analyzer.index(fieldText(doc, field), FIELD_WORDS[field])));
      return ids;
    }),
  );
  const terms = analyzer.vocabulary.length;
  const main = buildPostings(fieldTerms, config.fields, terms, config.k1);
  const rankers: Postings[] = [main];
  if (config.fusion) {
    const indices = config.fields.flatMap(({ field }, i) => (field === 'name' || field === 'title' ? [i] : []));
    const nameFields = indices.map((i) => config.fields[i]).filter((f) => f !== undefined);
    rankers.push(
      buildPostings(
        fieldTerms.map((doc) => indices.map((i) => doc[i] ?? [])),
        nameFields,
        terms,
        config.k1,
      ),
    );
  }
  let synonyms: SynonymTable | undefined;
  if (config.synonyms !== 'none') {
    const hand = handSynonyms(analyzer);
    const docsOf = (id: number): Int32Array => main.docs.subarray(main.start[id] ?? 0, main.start[id + 1] ?? 0);
    synonyms = config.synonyms === 'mined' ? mergeSynonyms(hand, mineAbbreviations(analyzer.vocabulary, analyzer.id, docsOf)) : hand;
  }
  const names = docs.map((doc) => String(doc.name));
  const servers = docs.map((doc) => String(doc.server));
  const scorer = new Scorer(docs.length);

  return {
    size: docs.length,
    search(query, options = {}) {
      const rawLimit = options.limit ?? DEFAULT_SEARCH_LIMIT;
      const limit = Number.isFinite(rawLimit) ? Math.max(0, Math.min(MAX_SEARCH_LIMIT, Math.floor(rawLimit))) : DEFAULT_SEARCH_LIMIT;
      if (limit === 0) return [];
      const groups = analyzeQuery(query, analyzer, synonyms);
      if (groups.length === 0) return [];
      const allow = options.allow;
      const verdicts = new Map<number, boolean>();
      const allowed = (doc: number): boolean => {
        if (allow === undefined) return true;
        let verdict = verdicts.get(doc);
        if (verdict === undefined) verdicts.set(doc, (verdict = allow(names[doc] ?? '') === true));
        return verdict;
      };
      let top: [number, number][];
      if (rankers.length === 1) top = scorer.score(main, groups, allowed, limit, names);
      else {
        // Reciprocal rank fusion: each ranking votes 1 / (k + rank).
        const fused = new Map<number, number>();
        for (const postings of rankers) {
          scorer.score(postings, groups, allowed, FUSION_DEPTH, names).forEach(([doc], rank) => fused.set(doc, (fused.get(doc) ?? 0) + 1 / (RRF_K + rank + 1)));
        }
        const best = new TopK(limit, names);
        for (const [doc, vote] of fused) best.offer(doc, vote);
        top = best.list();
      }
      return top.map(([doc, s]) => ({ name: names[doc] ?? '', server: servers[doc] ?? '', score: Number(s.toFixed(6)) }));
    },
  };
}

/** The index the gateway uses: {@link DEFAULT_SEARCH_CONFIG}. */
export function buildToolIndex(docs: readonly SearchDoc[]): ToolIndex {
  return buildToolIndexWith(docs, DEFAULT_SEARCH_CONFIG);
}
