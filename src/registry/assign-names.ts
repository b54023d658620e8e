/**
 * The collision policy for tool and prompt names: who gets which advertised name when two items
 * would share one.
 *
 * 1. A second item with the same original name in ONE server's list is dropped (first wins).
 * 2. Hijack: a pass-through item whose name starts with another configured server's namespace
 *    (`<prefix><sep>`, or `<serverId><sep>` for a pass-through server) never gets that name, even
 *    when its server comes first in the catalog.
 * 3. Everything else claims its {@link advertisedName} in catalog order; the first claimant wins.
 * 4. Losers (hijackers and later claimants) fall back to `<serverId><sep><original>`, hash-suffixed
 *    if that is taken too. Every loss is warned about, naming both servers.
 */
import { advertisedName, hashedName, quote, sanitizeNamePart } from './names.js';
import type { AdvertisedName } from './names.js';
import type { NamingOptions, RegistryWarning, ServerNaming } from './types.js';

/** One item as its server listed it. */
export interface NamedCandidate<T> {
  serverId: string;
  /** The owning server's prefix (`false`: pass-through). */
  prefix: string | false;
  original: string;
  /**
   * The name part to advertise after the prefix when it differs from `original` (a rename).
   * Routing still maps back to `original`. @default original
   */
  part?: string;
  item: T;
}

/** An item that is advertised, under `name`. */
export interface NameAssignment<T> {
  serverId: string;
  original: string;
  name: string;
  item: T;
}

interface Slot<T> {
  candidate: NamedCandidate<T>;
  primary: AdvertisedName;
  /** Set when the primary name is lost; says to whom and why. */
  lost?: { kind: 'collision' | 'hijack'; otherServerId: string; otherName?: string };
  final?: AdvertisedName;
  warnings: RegistryWarning[];
}

/**
 * Assigns advertised names to `candidates` (already in catalog order, each server's items in its
 * own order). `servers` is the whole catalog, snapshot or not: its namespaces are protected even
 * while their owners are down. Returns the advertised items in input order, and warnings.
 */
export function assignNames<T>(
  kind: 'tool' | 'prompt',
  candidates: readonly NamedCandidate<T>[],
  servers: readonly ServerNaming[],
  opts: NamingOptions,
): { assigned: NameAssignment<T>[]; warnings: RegistryWarning[] } {
  const namespaces = servers.map(({ serverId, prefix }) => ({
    serverId,
    head: sanitizeNamePart((prefix === false ? serverId : prefix) + opts.separator),
  }));

  const slots: Slot<T>[] = [];
  const warnings: RegistryWarning[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const key = `${candidate.serverId}\0${candidate.original}`;
    const primary = advertisedName(candidate.prefix, partOf(candidate), opts);
    if (seen.has(key)) {
      warnings.push({
        kind: 'collision',
        item: kind,
        serverId: candidate.serverId,
        original: candidate.original,
        otherServerId: candidate.serverId,
        message: `server "${candidate.serverId}" lists ${kind} ${quote(candidate.original)} more than once; only the first is advertised`,
      });
      continue;
    }
    seen.add(key);
    const slot: Slot<T> = { candidate, primary, warnings: [] };
    if (candidate.prefix === false) {
      const victim = namespaces.find((ns) => ns.serverId !== candidate.serverId && primary.name.startsWith(ns.head));
      if (victim) slot.lost = { kind: 'hijack', otherServerId: victim.serverId };
    }
    slots.push(slot);
  }

  // Primary names, in catalog order: the first claimant wins.
  const taken = new Map<string, string>();
  for (const slot of slots) {
    if (slot.lost) continue;
    const owner = taken.get(slot.primary.name);
    if (owner !== undefined) {
      slot.lost = { kind: 'collision', otherServerId: owner, otherName: slot.primary.name };
      continue;
    }
    taken.set(slot.primary.name, slot.candidate.serverId);
    slot.final = slot.primary;
  }

  // Fallbacks, in catalog order, after every primary: a fallback never displaces a primary name.
  for (const slot of slots) {
    if (!slot.lost) continue;
    const { serverId } = slot.candidate;
    const part = partOf(slot.candidate);
    let fallback = advertisedName(serverId, part, opts);
    for (let attempt = 1; taken.has(fallback.name); attempt++) fallback = hashedName(serverId, part, opts, attempt);
    taken.set(fallback.name, serverId);
    slot.final = fallback;
    slot.warnings.push(lossWarning(kind, slot.candidate, slot.primary.name, fallback.name, slot.lost));
  }

  const assigned: NameAssignment<T>[] = [];
  for (const slot of slots) {
    const final = slot.final;
    if (!final) continue;
    const { serverId, original, item } = slot.candidate;
    if (final.sanitized) {
      slot.warnings.push({
        kind: 'sanitized',
        item: kind,
        serverId,
        original,
        advertised: final.name,
        message: `${kind} ${label(slot.candidate)} of server "${serverId}" has characters hosts reject (or is empty); advertised as "${final.name}"`,
      });
    }
    if (final.shortened) {
      slot.warnings.push({
        kind: 'shortened',
        item: kind,
        serverId,
        original,
        advertised: final.name,
        message: `${kind} ${label(slot.candidate)} of server "${serverId}" is too long for the name budget; advertised as "${final.name}"`,
      });
    }
    warnings.push(...slot.warnings);
    assigned.push({ serverId, original, name: final.name, item });
  }
  return { assigned, warnings };
}

function lossWarning<T>(
  kind: 'tool' | 'prompt',
  candidate: NamedCandidate<T>,
  wanted: string,
  advertised: string,
  lost: NonNullable<Slot<T>['lost']>,
): RegistryWarning {
  const { serverId, original } = candidate;
  const message =
    lost.kind === 'hijack'
      ? `${kind} ${label(candidate)} of pass-through server "${serverId}" uses the name space of server "${lost.otherServerId}"; ` +
        `advertised as "${advertised}" instead of "${wanted}"`
      : `${kind} ${label(candidate)} of server "${serverId}" collides with ${kind} "${wanted}" of server "${lost.otherServerId}", ` +
        `which comes first in the catalog; advertised as "${advertised}"`;
  return { kind: lost.kind, item: kind, serverId, original, advertised, otherServerId: lost.otherServerId, message };
}

function partOf<T>(candidate: NamedCandidate<T>): string {
  return candidate.part ?? candidate.original;
}

/** `"search"`, or `"search_code" (renamed to "search")` when a rename applies. */
function label<T>(candidate: NamedCandidate<T>): string {
  const part = partOf(candidate);
  return part === candidate.original ? quote(candidate.original) : `${quote(candidate.original)} (renamed to ${quote(part)})`;
}
