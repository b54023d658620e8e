/**
 * Advertised tool and prompt names: `<prefix><separator><original>`, always legal for every host.
 *
 * Hosts (Claude Desktop, the Anthropic and OpenAI APIs) reject names outside `^[A-Za-z0-9_-]{1,64}$`,
 * and some (Claude Code) prepend their own prefix, hence the configurable budget. A name is a pure
 * function of (prefix, original, options): which other servers exist never changes it.
 */
import { SHORT_HASH_LENGTH, shortHash } from './hash.js';
import type { NamingOptions } from './types.js';

/** What every advertised tool and prompt name matches. */
export const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** The hard ceiling hosts impose on a name. */
const MAX_NAME_LENGTH = 64;

/** Joins the visible part of a changed name to its hash: `fs__read_file_k3j9a2bq`. */
const HASH_JOINER = '_';

/** An advertised name and what had to be done to the raw `<prefix><separator><original>` to get it. */
export interface AdvertisedName {
  /** Matches {@link NAME_PATTERN} and is at most the name budget long. */
  name: string;
  /** Characters hosts reject were replaced by `_` (or the original was empty); a hash was appended. */
  sanitized: boolean;
  /** The name was cut to fit the budget; a hash was appended. */
  shortened: boolean;
}

/** Replaces every code point outside `[A-Za-z0-9_-]` with one `_`. */
export function sanitizeNamePart(part: string): string {
  return part.replace(/[^A-Za-z0-9_-]/gu, '_');
}

/** The budget actually applied: an integer within 1…64. */
function effectiveBudget(opts: NamingOptions): number {
  const budget = Number.isFinite(opts.nameBudget) ? Math.floor(opts.nameBudget) : MAX_NAME_LENGTH;
  return Math.min(MAX_NAME_LENGTH, Math.max(1, budget));
}

/**
 * The name hosts see for `original` of a server with `prefix` (`false`: no prefix).
 *
 * Rules, in order:
 * 1. raw = `prefix + separator + original` (just `original` when `prefix` is `false`).
 * 2. If raw is legal and fits the budget, it is the name, unchanged.
 * 3. Otherwise every illegal code point becomes `_`, and `_<hash>` is appended, where hash is
 *    {@link shortHash} of the exact raw parts (`prefix\0original`), so `a.b` and `a_b` stay distinct.
 * 4. If that is longer than the budget, the sanitized name is cut from the end (the
 *    prefix and separator survive whenever they fit) before the hash is appended.
 *
 * @example advertisedName('github', 'create_issue', { separator: '__', nameBudget: 64 })
 *   // → { name: 'github__create_issue', sanitized: false, shortened: false }
 */
export function advertisedName(prefix: string | false, original: string, opts: NamingOptions): AdvertisedName {
  return compose(prefix, original, opts, 0);
}

/**
 * Like {@link advertisedName}, but always hash-suffixed, with `attempt` (≥ 1) salted into the hash:
 * the deterministic way out when even a collision's fallback name is taken.
 */
export function hashedName(prefix: string | false, original: string, opts: NamingOptions, attempt: number): AdvertisedName {
  return compose(prefix, original, opts, Math.max(1, Math.floor(attempt)));
}

function compose(prefix: string | false, original: string, opts: NamingOptions, attempt: number): AdvertisedName {
  const budget = effectiveBudget(opts);
  const rawHead = prefix === false ? '' : prefix + opts.separator;
  const head = sanitizeNamePart(rawHead);
  const body = sanitizeNamePart(original);
  const sanitized = head !== rawHead || body !== original || original === '';
  const full = head + body;
  if (!sanitized && attempt === 0 && full.length <= budget) {
    return { name: full, sanitized: false, shortened: false };
  }

  const seed = `${prefix === false ? '' : prefix}\0${original}${attempt > 0 ? `\0${attempt}` : ''}`;
  const hash = shortHash(seed);
  const suffix = HASH_JOINER + hash;
  if (full.length + suffix.length <= budget) {
    return { name: full + suffix, sanitized, shortened: false };
  }
  const room = budget - suffix.length;
  if (room <= 0) {
    // A budget too small for anything but the hash (config allows ≥ 16, so only direct callers get here).
    return { name: hash.slice(0, Math.min(budget, SHORT_HASH_LENGTH)), sanitized, shortened: true };
  }
  // Cutting `full` keeps `head` whole whenever head.length ≤ room; only the original part is truncated.
  return { name: full.slice(0, room) + suffix, sanitized, shortened: true };
}

/**
 * A server's name or URI inside a warning, quoted the way JSON quotes it: a control character or
 * a newline in it is shown escaped, so it can neither forge a log line nor reach a terminal raw.
 */
export function quote(text: string): string {
  return JSON.stringify(text);
}
