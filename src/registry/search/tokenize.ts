/**
 * Text to words for the tool index: lowercase ASCII-folded words, with identifiers split where a
 * person would read a break (`get_file_contents`, `listPullRequests`, `HTTPServer`, `k8s-pods`).
 * Pure and bounded: the input is cut at {@link MAX_TEXT_CHARS} and at most `maxTokens` words come out.
 */

/** Characters of one text (a description, a query) that are looked at; the rest is ignored. */
export const MAX_TEXT_CHARS = 8_192;
/** Characters of one word; longer runs (base64, hashes) are cut to this. */
const MAX_WORD_CHARS = 40;

/** How a text is split: `plain` splits on non-alphanumerics only; `identifiers` also splits camelCase. */
export type SplitMode = 'plain' | 'identifiers';

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const UPPER = /\p{Lu}/u;

/** 0: separator, 1: lowercase letter (or a letter without case), 2: uppercase letter, 3: digit. */
function kind(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 97 && c <= 122) return 1;
  if (c >= 65 && c <= 90) return 2;
  if (c >= 48 && c <= 57) return 3;
  if (c < 128) return 0;
  const ch = text[i] ?? '';
  if (!LETTER_OR_DIGIT.test(ch)) return 0;
  return UPPER.test(ch) ? 2 : /\p{N}/u.test(ch) ? 3 : 1;
}

/** Strips diacritics so "café" and "cafe" meet; leaves other scripts as they are. */
function fold(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/**
 * The words of `text`, in order, lowercased. Letters and digits of any script make words; anything
 * else (`_`, `-`, `.`, spaces) separates. `identifiers` mode also breaks a run at a camelCase edge
 * (`fileName`, `HTTPServer` → `http`, `server`); a letter–digit edge is kept (`s3`, `k8s`, `v2`).
 */
export function tokenize(text: string, mode: SplitMode, maxTokens: number): string[] {
  const out: string[] = [];
  if (maxTokens <= 0 || typeof text !== 'string' || text.length === 0) return out;
  const end = Math.min(text.length, MAX_TEXT_CHARS);
  const camel = mode === 'identifiers';
  let start = -1;
  let previous = 0;
  let wide = false; // the current word has a non-ASCII character
  for (let i = 0; i <= end; i++) {
    const k = i === end ? 0 : kind(text, i);
    const edge = k === 2 && camel && start >= 0 && (previous === 1 || previous === 3 || (previous === 2 && i + 1 < end && kind(text, i + 1) === 1));
    if ((k === 0 || edge) && start >= 0) {
      let word = text.slice(start, Math.min(i, start + MAX_WORD_CHARS)).toLowerCase();
      if (wide) word = fold(word);
      if (word.length > 0) {
        out.push(word);
        if (out.length >= maxTokens) return out;
      }
      start = -1;
    }
    if (k !== 0 && start < 0) {
      start = i;
      wide = false;
    }
    if (k !== 0 && text.charCodeAt(i) >= 128) wide = true;
    previous = k;
  }
  return out;
}
