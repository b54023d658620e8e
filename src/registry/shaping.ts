/**
 * Per-server shaping, applied to a server's lists before naming: `hide`, `allow` / `deny` globs
 * over ORIGINAL names and URIs, renames, description overrides. Pure.
 *
 * - `hide: true` advertises nothing of that kind.
 * - `allow` (when given) keeps only matches; `deny` drops matches and wins over `allow`.
 * - A rename replaces the original name part of the advertised name (`<prefix><sep><new>`); the
 *   routing table still maps the advertised name back to the original.
 * - A description override replaces the item's `description`; nothing else of the item changes.
 */
import type { NameShaping, UriShaping } from '../config/schema.js';

const cache = new Map<string, RegExp>();

/**
 * A glob as a regular expression over the whole string: `*` is any run of characters (`/`
 * included: names and URIs are not paths here), `?` is one character, everything else is literal.
 *
 * @example globToRegExp('github_*').test('github_search') // true
 */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  for (const char of glob) {
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  const compiled = new RegExp(`^${source}$`, 'u');
  cache.set(glob, compiled);
  return compiled;
}

/** Whether `value` matches any of `globs`. */
function matchesAny(value: string, globs: readonly string[] | undefined): boolean {
  return globs !== undefined && globs.some((glob) => globToRegExp(glob).test(value));
}

/** Whether an item called (or at) `original` passes `hide`, `allow` and `deny`. */
export function isAdvertised(original: string, shaping: Pick<UriShaping, 'hide' | 'allow' | 'deny'> | undefined): boolean {
  if (!shaping) return true;
  if (shaping.hide === true) return false;
  if (shaping.allow !== undefined && !matchesAny(original, shaping.allow)) return false;
  return !matchesAny(original, shaping.deny);
}

/** One item after name shaping: the name part to advertise, and the item to advertise. */
export interface ShapedItem<T> {
  original: string;
  /** The name part that follows the prefix: the rename target, or the original. */
  part: string;
  /** Set when a rename applies. */
  renamed: boolean;
  item: T;
}

/**
 * Filters `items` by their original names and applies renames and description overrides.
 * Items keep the server's order. The item is a shallow copy only when its description changes.
 */
export function shapeNamed<T extends { name: string; description?: string | undefined }>(
  items: readonly T[],
  shaping: NameShaping | undefined,
): ShapedItem<T>[] {
  const out: ShapedItem<T>[] = [];
  for (const item of items) {
    const original = item.name;
    if (!isAdvertised(original, shaping)) continue;
    const target = own(shaping?.rename, original);
    const description = own(shaping?.descriptions, original);
    out.push({
      original,
      part: target ?? original,
      renamed: target !== undefined,
      item: description === undefined ? item : { ...item, description },
    });
  }
  return out;
}

/** Keeps the items whose original URI (or URI template) passes `shaping`. */
export function shapeLocated<T>(items: readonly T[], uriOf: (item: T) => string, shaping: UriShaping | undefined): T[] {
  return shaping ? items.filter((item) => isAdvertised(uriOf(item), shaping)) : [...items];
}

/** `record[key]` when it is the record's own property (a tool called `constructor` is not special). */
function own(record: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
