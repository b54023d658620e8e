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
import { Scorer, TopK } from './scorer.js';
import type { QueryGroup, QueryGroups } from './scorer.js';
import { buildServerContext } from './server-context.js';
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

// A file name with a common extension, a path, a URL, an e-mail address.
const FILE_HINT =
  /(?:^|[\s'"(])(?:[\w.-]*\.(?:txt|md|json|ya?ml|toml|csv|tsv|xml|html?|css|js|ts|tsx|jsx|py|rb|go|rs|java|c|h|cpp|sh|log|pdf|docx?|xlsx?|pptx?|png|jpe?g|gif|svg|webp|mp3|wav|mp4|mov|zip|tar|gz)|~?\/[\w.-]+\/[\w./-]*)(?=$|[\s'",;:)?!])/iu;
const URL_HINT = /\bhttps?:\/\/|\bwww\.[\w-]+\./iu;
const EMAIL_HINT = /[\w.+-]+@[\w-]+\.[\w.]+/u;

/** The query's text, with the words its file names, URLs and addresses stand for. */
function withHints(text: string): string {
  let out = text;
  if (FILE_HINT.test(text)) out += ' file';
  if (URL_HINT.test(text)) out += ' url';
  if (EMAIL_HINT.test(text)) out += ' email';
  return out;
}

function analyzeQuery(query: string, analyzer: Analyzer, synonyms: SynonymTable | undefined, idf: (id: number) => number, hints: boolean): QueryGroups {
  const raw = typeof query === 'string' ? query.slice(0, MAX_QUERY_CHARS) : '';
  const text = hints ? withHints(raw) : raw;
  const terms = [...new Set(analyzer.query(text, MAX_QUERY_TERMS * 2))].slice(0, MAX_QUERY_TERMS);
  const groups: QueryGroups = [];
  for (const term of terms) {
    const group: QueryGroup = { ids: [], weights: [], mass: 0 };
    const add = (t: string, weight: number): void => {
      const id = analyzer.id(t);
      if (id !== undefined && !group.ids.includes(id)) {
        group.ids.push(id);
        group.weights.push(weight);
      }
    };
    add(term, 1);
    for (const [related, weight] of synonyms?.get(term) ?? []) add(related, weight);
    if (group.ids.length === 0) continue;
    group.mass = Math.max(...group.ids.map((id, i) => idf(id) * (group.weights[i] ?? 0)));
    groups.push(group);
  }
  return groups;
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
  const nameField = config.fields.findIndex(({ field }) => field === 'name');
  const nameTerms =
    nameField >= 0 ? fieldTerms.map((doc) => doc[nameField] ?? []) : docs.map((doc) => analyzer.index(fieldText(doc, 'name'), FIELD_WORDS.name));
  const context = config.serverBoost > 0 ? buildServerContext(docs, nameTerms, analyzer, config.k1) : undefined;
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
  const idf = (id: number): number => {
    const df = (main.start[id + 1] ?? 0) - (main.start[id] ?? 0);
    return Math.log(1 + (docs.length - df + 0.5) / (df + 0.5));
  };
  const names = docs.map((doc) => String(doc.name));
  const servers = docs.map((doc) => String(doc.server));
  const scorer = new Scorer(docs.length);

  return {
    size: docs.length,
    search(query, options = {}) {
      const rawLimit = options.limit ?? DEFAULT_SEARCH_LIMIT;
      const limit = Number.isFinite(rawLimit) ? Math.max(0, Math.min(MAX_SEARCH_LIMIT, Math.floor(rawLimit))) : DEFAULT_SEARCH_LIMIT;
      if (limit === 0) return [];
      const groups = analyzeQuery(query, analyzer, synonyms, idf, config.hints);
      if (groups.length === 0) return [];
      context?.nameServers(groups, main);
      const mass = groups.reduce((sum, group) => sum + group.mass, 0);
      const allow = options.allow;
      const verdicts = new Map<number, boolean>();
      const allowed = (doc: number): boolean => {
        if (allow === undefined) return true;
        let verdict = verdicts.get(doc);
        if (verdict === undefined) verdicts.set(doc, (verdict = allow(names[doc] ?? '') === true));
        return verdict;
      };
      const fit = context?.fit(groups);
      const rank = (postings: Postings, depth: number): [number, number][] => {
        const top = new TopK(depth, names);
        scorer.run(postings, groups, (doc, total, matched) => {
          if (!allowed(doc)) return;
          let s = total;
          if (config.coord > 0 && mass > 0) s *= (matched / mass) ** config.coord;
          if (fit !== undefined && context !== undefined) s *= 1 + config.serverBoost * (fit[context.serverOf[doc] ?? 0] ?? 0);
          top.offer(doc, s);
        });
        return top.list();
      };
      let top: [number, number][];
      if (rankers.length === 1) top = rank(main, limit);
      else {
        // Reciprocal rank fusion: each ranking votes 1 / (k + rank).
        const fused = new Map<number, number>();
        for (const postings of rankers) rank(postings, FUSION_DEPTH).forEach(([doc], r) => fused.set(doc, (fused.get(doc) ?? 0) + 1 / (RRF_K + r + 1)));
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
