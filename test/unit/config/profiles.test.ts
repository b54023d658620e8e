import { describe, expect, it } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';
import { diffCatalogs, isEmptyDiff } from '../../../src/config/diff.js';

function problems(yaml: string): string[] {
  try {
    parseCatalog(yaml, { env: {}, file: 'servers.yaml' });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.line ?? '?'} ${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

const SERVERS = 'servers:\n  github: { command: gh }\n  files: { command: fs }\n';

describe('profiles in the catalog', () => {
  it('keeps each profile with its name, in catalog order, and the tool settings', () => {
    const catalog = parseCatalog(
      `${SERVERS}settings:\n  tools: { mode: auto, autoThreshold: 30, promote: 8 }\nprofiles:\n  review:\n    servers: [github]\n    tools: { allow: ["github__*issue*"], deny: ["*delete*"], mode: search }\n    nameBudget: 40\n  all-files:\n    servers: ["fil*"]\n`,
      { env: {} },
    );
    expect(catalog.settings.tools).toEqual({ mode: 'auto', autoThreshold: 30, promote: 8 });
    expect(catalog.profiles).toEqual([
      { name: 'review', servers: ['github'], tools: { allow: ['github__*issue*'], deny: ['*delete*'], mode: 'search' }, nameBudget: 40 },
      { name: 'all-files', servers: ['fil*'] },
    ]);
  });

  it('has no profiles when the catalog names none', () => {
    expect(parseCatalog(SERVERS, { env: {} }).profiles).toBeUndefined();
  });

  it('refuses a literal server name that is not in the catalog, suggesting the close one', () => {
    expect(problems(`${SERVERS}profiles:\n  review:\n    servers: [githb, "doc*"]\n`)).toEqual([
      '6 profiles.review.servers[0]: profile "review" names server "githb", which is not in the catalog (did you mean "github"?): servers are github, files',
    ]);
  });

  it('refuses a profile name that cannot be a URL path segment, an unknown key and a bad mode', () => {
    const found = problems(`${SERVERS}profiles:\n  "my profile": {}\n  ok:\n    tool: { allow: [x] }\n  bad:\n    tools: { mode: lots, alow: [x] }\n`);
    expect(found).toHaveLength(4);
    expect(found[0]).toMatch(/^5 profiles\["my profile"\]: profile name "my profile" must start with a letter/);
    expect(found[1]).toMatch(/^7 profiles.ok: unknown key "tool" \(did you mean "tools"\?\)/);
    expect(found.slice(2).join('\n')).toMatch(/tools.mode must be "all", "search" or "auto"/);
    expect(found.slice(2).join('\n')).toMatch(/unknown key "alow" \(did you mean "allow"\?\)/);
  });

  it('refuses a name budget outside 16-64 and a bad tools setting', () => {
    expect(problems(`${SERVERS}profiles:\n  p: { nameBudget: 8 }\n`)).toEqual(['5 profiles.p.nameBudget: must be at least 16']);
    expect(problems(`${SERVERS}settings:\n  tools: { autoThreshold: 0 }\n`)).toEqual(['5 settings.tools.autoThreshold: must be at least 1']);
  });

  it('is a change a reload acts on', () => {
    const before = parseCatalog(`${SERVERS}profiles:\n  p: { servers: [github] }\n`, { env: {} });
    const same = parseCatalog(`${SERVERS}profiles:\n  p: { servers: [github] }\n`, { env: {} });
    const after = parseCatalog(`${SERVERS}profiles:\n  p: { servers: [files] }\n`, { env: {} });
    expect(isEmptyDiff(diffCatalogs(before, same))).toBe(true);
    expect(diffCatalogs(before, after).profilesChanged).toBe(true);
    expect(isEmptyDiff(diffCatalogs(before, after))).toBe(false);
  });
});
