/**
 * What changed between two catalogs, in the terms a reload acts on: servers to start, to stop, to
 * restart (their connection changed), and servers whose only change is how their names are shown
 * (no restart needed: the merged view is rebuilt).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Catalog, ServerEntry } from './schema.js';

/** Fields that only shape what a server's items are called or whether they are shown. */
const PRESENTATION_FIELDS = ['prefix', 'tools', 'prompts', 'resources', 'description'] as const;

export interface CatalogDiff {
  /** Enabled now, not before (new entries, or `enabled: false` → true). */
  added: ServerEntry[];
  /** Enabled before, not now (removed entries, or `enabled: true` → false). */
  removed: string[];
  /** Enabled in both with a different connection (command, args, env, url, headers, limits, …). */
  restarted: ServerEntry[];
  /** Enabled in both; only presentation changed (prefix, shaping). */
  reshaped: string[];
  /** Settings or catalog order changed (the merged view is rebuilt). */
  settingsChanged: boolean;
  /** Profiles were added, removed or changed (their views are rebuilt). */
  profilesChanged: boolean;
}

export function diffCatalogs(before: Catalog, after: Catalog): CatalogDiff {
  const old = new Map(before.servers.filter((s) => s.enabled).map((s) => [s.id, s]));
  const now = new Map(after.servers.filter((s) => s.enabled).map((s) => [s.id, s]));
  const diff: CatalogDiff = { added: [], removed: [], restarted: [], reshaped: [], settingsChanged: false, profilesChanged: false };
  for (const [id, entry] of now) {
    const previous = old.get(id);
    if (!previous) diff.added.push(entry);
    else if (!isDeepStrictEqual(connectionOf(previous), connectionOf(entry))) diff.restarted.push(entry);
    else if (!isDeepStrictEqual(previous, entry)) diff.reshaped.push(id);
  }
  for (const id of old.keys()) if (!now.has(id)) diff.removed.push(id);
  const order = (c: Catalog) => c.servers.filter((s) => s.enabled).map((s) => s.id);
  diff.settingsChanged = !isDeepStrictEqual(before.settings, after.settings) || !isDeepStrictEqual(order(before), order(after));
  diff.profilesChanged = !isDeepStrictEqual(before.profiles ?? [], after.profiles ?? []);
  return diff;
}

/** True when a reload has nothing to do. */
export function isEmptyDiff(diff: CatalogDiff): boolean {
  return diff.added.length + diff.removed.length + diff.restarted.length + diff.reshaped.length === 0 && !diff.settingsChanged && !diff.profilesChanged;
}

function connectionOf(entry: ServerEntry): Partial<ServerEntry> {
  const copy: Record<string, unknown> = { ...entry };
  for (const field of PRESENTATION_FIELDS) delete copy[field];
  return copy as Partial<ServerEntry>;
}
