/**
 * Checks of per-server shaping that one entry's schema cannot make: renames that collide (with
 * each other, within a server or across servers), renames that leave the name budget, renames of
 * names the same entry hides. Each problem names both parties. Pure.
 */
import type { NameShaping, ServerEntry, Settings } from './schema.js';
import type { PathIssue } from './validate.js';

const KINDS = [
  ['tools', 'tool'],
  ['prompts', 'prompt'],
] as const;

/** What a rename claims: the advertised name, and who asked for it. */
interface Claim {
  serverId: string;
  source: string;
  path: PropertyKey[];
}

/**
 * Every shaping problem in `servers` (entries under `listKey`, `servers` or `mcpServers`).
 * Collisions across servers are checked among enabled servers only: a disabled one advertises nothing.
 */
export function checkShaping(servers: readonly ServerEntry[], listKey: string, settings: Pick<Settings, 'separator' | 'nameBudget'>): PathIssue[] {
  const issues: PathIssue[] = [];
  for (const [kind, noun] of KINDS) {
    const claims = new Map<string, Claim>();
    for (const server of servers) {
      const shaping = server[kind];
      if (!shaping?.rename) continue;
      const base = [listKey, server.id, kind, 'rename'];
      issues.push(...checkOne(server.id, shaping, base, noun));
      if (!server.enabled) continue;
      const prefix = server.prefix ?? server.id;
      for (const [source, target] of Object.entries(shaping.rename)) {
        const path = [...base, source];
        const advertised = prefix === false ? target : `${prefix}${settings.separator}${target}`;
        if (advertised.length > settings.nameBudget) {
          issues.push({
            path,
            message: `renaming ${noun} "${source}" to "${target}" gives "${advertised}", longer than settings.nameBudget (${settings.nameBudget}): choose a shorter name`,
          });
          continue;
        }
        const owner = prefix === false ? namespaceOwner(advertised, server.id, servers, settings.separator) : undefined;
        if (owner !== undefined) {
          issues.push({
            path,
            message: `renaming ${noun} "${source}" of pass-through server "${server.id}" to "${target}" puts it in the name space of server "${owner}": choose another name`,
          });
          continue;
        }
        const other = claims.get(advertised);
        if (other !== undefined && other.serverId !== server.id) {
          issues.push({
            path,
            message: `renaming ${noun} "${source}" of server "${server.id}" to "${target}" collides with ${noun} "${other.source}" of server "${other.serverId}", also advertised as "${advertised}": rename one of them`,
          });
          continue;
        }
        if (other === undefined) claims.set(advertised, { serverId: server.id, source, path });
      }
    }
  }
  return issues;
}

/** Within one entry: two renames to one name, a rename onto a name kept as is, renaming a hidden name. */
function checkOne(serverId: string, shaping: NameShaping, base: PropertyKey[], noun: string): PathIssue[] {
  const issues: PathIssue[] = [];
  const rename = shaping.rename ?? {};
  const byTarget = new Map<string, string>();
  // Names the entry spells out (allow entries without wildcards) that keep their name.
  const kept = new Set((shaping.allow ?? []).filter((glob) => !/[*?]/.test(glob) && !Object.hasOwn(rename, glob)));
  for (const [source, target] of Object.entries(rename)) {
    const path = [...base, source];
    const twin = byTarget.get(target);
    if (twin !== undefined) {
      issues.push({
        path,
        message: `${noun}s "${twin}" and "${source}" of server "${serverId}" are both renamed to "${target}": rename one of them to something else`,
      });
    } else if (kept.has(target)) {
      issues.push({
        path,
        message: `renaming ${noun} "${source}" to "${target}" collides with ${noun} "${target}" of the same server, which keeps its name: rename one of them`,
      });
    }
    byTarget.set(target, source);
    if (shaping.hide === true) {
      issues.push({
        path,
        message: `${noun} "${source}" is renamed, but hide: true advertises no ${noun}s of server "${serverId}": drop the rename or the hide`,
      });
    }
  }
  return issues;
}

/** The server other than `self` whose `<prefix><sep>` (or `<id><sep>` when pass-through) starts `name`. */
function namespaceOwner(name: string, self: string, servers: readonly ServerEntry[], separator: string): string | undefined {
  for (const server of servers) {
    if (server.id === self || !server.enabled) continue;
    const prefix = server.prefix === false || server.prefix === undefined ? server.id : server.prefix;
    if (name.startsWith(prefix + separator)) return server.id;
  }
  return undefined;
}
