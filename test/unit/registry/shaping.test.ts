import { describe, expect, it } from 'vitest';
import { buildRegistry, globToRegExp, isAdvertised, namingFor } from '../../../src/registry/index.js';
import type { ServerEntry } from '../../../src/config/schema.js';
import type { RegistryInput, ServerNaming } from '../../../src/registry/types.js';
import { naming, prompt, resource, snapshot, template, tool, toolTable } from './fixtures.js';

function shaped(servers: ServerNaming[], snapshots: RegistryInput['snapshots']): RegistryInput {
  return { naming, servers, snapshots };
}

describe('globs', () => {
  it('matches * as any run and ? as one character, everything else literally', () => {
    expect(globToRegExp('get_*').test('get_issue')).toBe(true);
    expect(globToRegExp('get_*').test('list_issues')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a?c').test('abbc')).toBe(false);
    expect(globToRegExp('a.b').test('axb')).toBe(false);
    expect(globToRegExp('file:///*').test('file:///a/b.md')).toBe(true);
    expect(globToRegExp('x-(y)').test('x-(y)')).toBe(true);
  });

  it('lets deny win over allow, and hide over both', () => {
    expect(isAdvertised('get_secret', { allow: ['get_*'], deny: ['*secret*'] })).toBe(false);
    expect(isAdvertised('get_issue', { allow: ['get_*'], deny: ['*secret*'] })).toBe(true);
    expect(isAdvertised('get_issue', { hide: true, allow: ['*'] })).toBe(false);
    expect(isAdvertised('anything', undefined)).toBe(true);
  });
});

describe('tool and prompt shaping', () => {
  const gh = snapshot('github', {
    tools: [tool('create_issue'), tool('delete_repo'), tool('search_code', { description: 'theirs' }), tool('get_me')],
    prompts: [prompt('triage'), prompt('summarize')],
  });

  it('filters by original names before naming, so a denied tool is neither listed nor routable', () => {
    const view = buildRegistry(shaped([{ serverId: 'github', prefix: 'gh', shaping: { tools: { allow: ['*_*'], deny: ['delete_*'] } } }], [gh]));
    expect(view.tools.map((t) => t.name)).toEqual(['gh__create_issue', 'gh__search_code', 'gh__get_me']);
    expect(view.routeTool('gh__delete_repo')).toBeUndefined();
  });

  it('renames the name part, keeps the prefix, and routes back to the original name', () => {
    const view = buildRegistry(shaped([{ serverId: 'github', prefix: 'gh', shaping: { tools: { rename: { search_code: 'search' } } } }], [gh]));
    expect(toolTable(view)).toEqual({
      gh__create_issue: 'github/create_issue',
      gh__delete_repo: 'github/delete_repo',
      gh__search: 'github/search_code',
      gh__get_me: 'github/get_me',
    });
  });

  it('advertises a rename unprefixed for a pass-through server', () => {
    const view = buildRegistry(
      shaped([{ serverId: 'github', prefix: false, shaping: { tools: { allow: ['search_code'], rename: { search_code: 'code_search' } } } }], [gh]),
    );
    expect(toolTable(view)).toEqual({ code_search: 'github/search_code' });
  });

  it('overrides descriptions and leaves the rest of the item alone', () => {
    const view = buildRegistry(shaped([{ serverId: 'github', prefix: 'gh', shaping: { tools: { descriptions: { search_code: 'ours' } } } }], [gh]));
    const search = view.tools.find((t) => t.name === 'gh__search_code');
    expect(search).toEqual({ name: 'gh__search_code', description: 'ours', inputSchema: { type: 'object' } });
    expect(gh.tools[2]?.description).toBe('theirs');
  });

  it('shapes prompts on their own: hide, or rename with a description', () => {
    const hidden = buildRegistry(shaped([{ serverId: 'github', prefix: 'gh', shaping: { prompts: { hide: true } } }], [gh]));
    expect(hidden.prompts).toEqual([]);
    expect(hidden.tools).toHaveLength(4);
    const renamed = buildRegistry(
      shaped([{ serverId: 'github', prefix: 'gh', shaping: { prompts: { rename: { triage: 'sort' }, descriptions: { triage: 'Sort issues' } } } }], [gh]),
    );
    expect(renamed.prompts.map((p) => [p.name, p.description])).toEqual([
      ['gh__sort', 'Sort issues'],
      ['gh__summarize', undefined],
    ]);
    expect(renamed.routePrompt('gh__sort')).toEqual({ serverId: 'github', name: 'triage' });
  });

  it('reports a rename that collides with another name of the same server, naming both, and keeps both routable', () => {
    const view = buildRegistry(shaped([{ serverId: 'github', prefix: 'gh', shaping: { tools: { rename: { create_issue: 'get_me' } } } }], [gh]));
    const collision = view.warnings.find((w) => w.kind === 'collision');
    expect(collision?.message).toContain('"get_me"');
    const routes = Object.values(toolTable(view));
    expect(routes).toContain('github/create_issue');
    expect(routes).toContain('github/get_me');
  });

  it('reports a rename that collides with another server, and the first in the catalog keeps the name', () => {
    const a = snapshot('a', { tools: [tool('find')] });
    const b = snapshot('b', { tools: [tool('lookup')] });
    const view = buildRegistry(
      shaped(
        [
          { serverId: 'a', prefix: false },
          { serverId: 'b', prefix: false, shaping: { tools: { rename: { lookup: 'find' } } } },
        ],
        [a, b],
      ),
    );
    expect(toolTable(view)).toEqual({ find: 'a/find', b__find: 'b/lookup' });
    const warning = view.warnings.find((w) => w.kind === 'collision');
    expect(warning?.message).toMatch(/"lookup" \(renamed to "find"\) of server "b" collides with tool "find" of server "a"/);
  });
});

describe('resource shaping', () => {
  const fs = snapshot('files', {
    resources: [resource('file:///notes.md'), resource('file:///secret.env')],
    resourceTemplates: [template('file:///{path}')],
  });

  it('hides resources and templates together', () => {
    const view = buildRegistry(shaped([{ serverId: 'files', prefix: 'files', shaping: { resources: { hide: true } } }], [fs]));
    expect(view.resources).toEqual([]);
    expect(view.resourceTemplates).toEqual([]);
  });

  it('filters resources by original URI', () => {
    const view = buildRegistry(shaped([{ serverId: 'files', prefix: 'files', shaping: { resources: { deny: ['*.env'] } } }], [fs]));
    expect(view.resources.map((r) => r.uri)).toEqual(['files+file:///notes.md']);
    expect(view.resourceTemplates.map((t) => t.uriTemplate)).toEqual(['files+file:///{path}']);
  });
});

describe('namingFor', () => {
  const base: ServerEntry = {
    id: 'gh',
    enabled: true,
    timeout: 1,
    maxTotalTimeout: 1,
    connectTimeout: 1,
    maxConcurrency: 1,
    kind: 'stdio',
    command: 'x',
    args: [],
    env: {},
  };

  it('uses the id as prefix and leaves shaping out when there is none', () => {
    expect(namingFor(base)).toEqual({ serverId: 'gh', prefix: 'gh' });
  });

  it('carries prefix and shaping from the entry', () => {
    const entry: ServerEntry = { ...base, prefix: false, tools: { deny: ['x'] }, resources: { hide: true } };
    expect(namingFor(entry)).toEqual({ serverId: 'gh', prefix: false, shaping: { tools: { deny: ['x'] }, resources: { hide: true } } });
  });
});
