/**
 * The catalog's `profiles:` validated against the schema and against the servers it names: a
 * profile name must fit a URL path segment, and a server named literally (no `*` or `?`) must be
 * in the catalog (a typo would otherwise leave the profile silently empty).
 */
import { ProfileSchema, PROFILE_NAME_PATTERN } from './schema.js';
import type { ProfileEntry, ServerEntry } from './schema.js';
import { didYouMean } from './suggest.js';
import { check, describe, isPlainObject } from './validate.js';
import type { PathIssue } from './validate.js';

const PROFILE_KEYS = Object.keys(ProfileSchema.shape);
const NESTED = { tools: Object.keys((ProfileSchema.shape.tools.unwrap() as { shape: object }).shape) };

/** Every profile of `raw` (the `profiles:` value) with its name, or the problems found. */
export function checkProfiles(raw: unknown, servers: readonly ServerEntry[]): { profiles: ProfileEntry[]; issues: PathIssue[] } {
  if (raw === undefined || raw === null) return { profiles: [], issues: [] };
  if (!isPlainObject(raw)) {
    return { profiles: [], issues: [{ path: ['profiles'], message: `expected a mapping of profile name to profile settings, got ${describe(raw)}` }] };
  }
  const issues: PathIssue[] = [];
  const profiles: ProfileEntry[] = [];
  const ids = servers.map((server) => server.id);
  for (const [name, value] of Object.entries(raw)) {
    const path = ['profiles', name];
    if (!PROFILE_NAME_PATTERN.test(name)) {
      issues.push({
        path,
        message: `profile name "${name}" must start with a letter and use only A-Z a-z 0-9 _ - (it becomes the URL /mcp/${name}): rename the key`,
      });
      continue;
    }
    const checked = check(ProfileSchema, value ?? {}, path, { allowed: PROFILE_KEYS }, NESTED);
    if (checked.value === undefined) {
      issues.push(...checked.issues);
      continue;
    }
    (checked.value.servers ?? []).forEach((glob, index) => {
      if (/[*?]/.test(glob) || ids.includes(glob)) return;
      const guess = didYouMean(glob, ids);
      issues.push({
        path: [...path, 'servers', index],
        message: `profile "${name}" names server "${glob}", which is not in the catalog${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}: servers are ${ids.join(', ') || 'none'}`,
      });
    });
    profiles.push({ name, ...checked.value });
  }
  return { profiles, issues };
}
