/**
 * Words to index terms: tokenize, drop stopwords (English function words, and the chatter of a
 * request such as "please", "want", "can you"), then stem. One analyzer serves documents and
 * queries, so both sides meet on the same terms. Stems are memoized per analyzer (bounded).
 */
import { stem } from './stem.js';
import { tokenize } from './tokenize.js';
import type { SplitMode } from './tokenize.js';

const STOPWORDS = new Set(
  (
    'a an and are as at be been being but by can could did do does doing for from had has have having he her here hers him his how i if in into is it its itself ' +
    'just me might must my myself no nor not of off on once only or other our ours out over own same she should so some such than that the their theirs them ' +
    'then there these they this those through to too under until up very was we were what when where which while whom why will with would you your yours ' +
    'yourself yourselves also any each either etc via per e g eg ie s t ll ve re d m ' +
    // request chatter: words a user types around what they want
    'please pls want wanna need needs like let lets us know tell give show help me thing things something stuff way able im ive id dont doesnt ' +
    'whats hey hi ok okay thanks currently right now just really actually maybe kind sort somehow'
  ).split(/\s+/),
);

/** Characters of a query that are read; the rest is ignored. */
export const MAX_QUERY_CHARS = 1_024;
/** Terms of a query that are used. */
export const MAX_QUERY_TERMS = 24;

/**
 * One index's analyzer: words to term ids in its vocabulary (documents add terms, queries only look
 * them up), memoized per word. Term ids index the postings.
 */
export interface Analyzer {
  /** Term ids of `text`, at most `maxTokens` words read; new terms join the vocabulary. */
  index(text: string, maxTokens: number): number[];
  /** Terms of a query, in order (terms the vocabulary lacks included: synonyms may know them). */
  query(text: string, maxTokens: number): string[];
  /** One lowercase word to its term, or undefined for a stopword. */
  term(word: string): string | undefined;
  /** The id of a term, or undefined when no document holds it. */
  id(term: string): number | undefined;
  /** Every term, by id. */
  readonly vocabulary: readonly string[];
}

/** Words memoized per analyzer. */
const MAX_MEMO = 200_000;

export function createAnalyzer(options: { split: SplitMode; stem: boolean }): Analyzer {
  const ids = new Map<string, number>();
  const vocabulary: string[] = [];
  // word → term id, or -1 for a stopword
  const memo = new Map<string, number>();
  const term = (word: string): string | undefined => (STOPWORDS.has(word) ? undefined : options.stem ? stem(word) : word);
  const intern = (t: string): number => {
    let id = ids.get(t);
    if (id === undefined) {
      id = vocabulary.length;
      ids.set(t, id);
      vocabulary.push(t);
    }
    return id;
  };
  return {
    vocabulary,
    term,
    id: (t) => ids.get(t),
    index(text, maxTokens) {
      const out: number[] = [];
      for (const word of tokenize(text, options.split, maxTokens)) {
        let id = memo.get(word);
        if (id === undefined) {
          const t = term(word);
          id = t === undefined ? -1 : intern(t);
          if (memo.size < MAX_MEMO) memo.set(word, id);
        }
        if (id >= 0) out.push(id);
      }
      return out;
    },
    query(text, maxTokens) {
      const out: string[] = [];
      for (const word of tokenize(text, options.split, maxTokens)) {
        const t = term(word);
        if (t !== undefined) out.push(t);
      }
      return out;
    },
  };
}
