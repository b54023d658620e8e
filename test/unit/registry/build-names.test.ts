import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/build.js';
import { NAME_PATTERN } from '../../../src/registry/names.js';
import type { ServerNaming } from '../../../src/registry/types.js';
import { input, naming, prompt, snapshot, tool, toolTable } from './fixtures.js';

describe('buildRegistry: tool and prompt names', () => {
  it('prefixes every name with its server id by default', () => {
    const view = buildRegistry(input([[snapshot('github', { tools: [tool('create_issue')], prompts: [prompt('triage')] })]]));
    expect(view.tools.map((t) => t.name)).toEqual(['github__create_issue']);
    expect(view.prompts.map((p) => p.name)).toEqual(['github__triage']);
    expect(view.routeTool('github__create_issue')).toEqual({ serverId: 'github', name: 'create_issue' });
    expect(view.routePrompt('github__triage')).toEqual({ serverId: 'github', name: 'triage' });
    expect(view.routeTool('create_issue')).toBeUndefined();
    expect(view.warnings).toEqual([]);
  });

  it('applies a prefix override and a pass-through prefix', () => {
    const view = buildRegistry(
      input([
        [snapshot('github', { tools: [tool('create_issue')] }), 'gh'],
        [snapshot('everything', { tools: [tool('test_simple_text')] }), false],
      ]),
    );
    expect(toolTable(view)).toEqual({
      gh__create_issue: 'github/create_issue',
      test_simple_text: 'everything/test_simple_text',
    });
  });

  it('uses the configured separator', () => {
    const view = buildRegistry(input([[snapshot('fs', { tools: [tool('read')] })]], { separator: '-' }));
    expect(view.tools[0]?.name).toBe('fs-read');
  });

  it('merges in catalog order, not snapshot order', () => {
    const a = snapshot('a', { tools: [tool('x')] });
    const b = snapshot('b', { tools: [tool('y')] });
    const built = input([[a], [b]]);
    const view = buildRegistry({ ...built, snapshots: [b, a] });
    expect(view.tools.map((t) => t.name)).toEqual(['a__x', 'b__y']);
  });

  it('preserves every field but the name', () => {
    const original = tool('search', {
      title: 'Search',
      description: 'Finds things',
      inputSchema: { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] },
      outputSchema: { type: 'object', properties: { hits: { type: 'number' } } },
      annotations: { readOnlyHint: true },
      icons: [{ src: 'https://example.com/i.png', mimeType: 'image/png' }],
      _meta: { 'vendor/x': 1 },
      execution: { taskSupport: 'optional' },
    } as Partial<ReturnType<typeof tool>>);
    const p = prompt('greet', { description: 'Hi', arguments: [{ name: 'who', required: true }], _meta: { k: 'v' } });
    const view = buildRegistry(input([[snapshot('s', { tools: [original], prompts: [p] })]]));
    expect(view.tools[0]).toEqual({ ...original, name: 's__search' });
    expect(view.tools[0]?.inputSchema).toBe(original.inputSchema);
    expect(view.prompts[0]).toEqual({ ...p, name: 's__greet' });
    expect(original.name).toBe('search');
  });

  it('advertises sanitized and shortened names with warnings and routes them back', () => {
    const long = 'z'.repeat(129);
    const view = buildRegistry(input([[snapshot('s', { tools: [tool('bad name!'), tool(long)] })]]));
    for (const t of view.tools) expect(t.name).toMatch(NAME_PATTERN);
    const [sanitized, shortened] = view.tools.map((t) => t.name);
    expect(view.routeTool(sanitized ?? '')).toEqual({ serverId: 's', name: 'bad name!' });
    expect(view.routeTool(shortened ?? '')).toEqual({ serverId: 's', name: long });
    expect(view.warnings.map((w) => [w.kind, w.original, w.advertised])).toEqual([
      ['sanitized', 'bad name!', sanitized],
      ['shortened', long, shortened],
    ]);
  });

  it('keeps the first of duplicate names within one server and warns', () => {
    const first = tool('dup', { description: 'first' });
    const view = buildRegistry(input([[snapshot('s', { tools: [first, tool('dup', { description: 'second' })] })]]));
    expect(view.tools).toEqual([{ ...first, name: 's__dup' }]);
    expect(view.warnings).toEqual([expect.objectContaining({ kind: 'collision', serverId: 's', original: 'dup', item: 'tool' })]);
  });

  describe('collisions', () => {
    const a = snapshot('alpha', { tools: [tool('search')] });
    const b = snapshot('beta', { tools: [tool('search')] });

    it('gives a pass-through name to the earlier server and renames the later one', () => {
      const view = buildRegistry(
        input([
          [a, false],
          [b, false],
        ]),
      );
      expect(toolTable(view)).toEqual({ search: 'alpha/search', beta__search: 'beta/search' });
      expect(view.warnings).toEqual([
        {
          kind: 'collision',
          item: 'tool',
          serverId: 'beta',
          original: 'search',
          advertised: 'beta__search',
          otherServerId: 'alpha',
          message: expect.stringMatching(/"beta".*"alpha"/),
        },
      ]);
    });

    it('resolves by catalog order when the order is reversed', () => {
      const view = buildRegistry(
        input([
          [b, false],
          [a, false],
        ]),
      );
      expect(toolTable(view)).toEqual({ search: 'beta/search', alpha__search: 'alpha/search' });
      expect(view.warnings[0]).toMatchObject({ kind: 'collision', serverId: 'alpha', otherServerId: 'beta' });
    });

    it('resolves two servers sharing one custom prefix', () => {
      const view = buildRegistry(
        input([
          [a, 'shared'],
          [b, 'shared'],
        ]),
      );
      expect(toolTable(view)).toEqual({ shared__search: 'alpha/search', beta__search: 'beta/search' });
      expect(view.warnings).toContainEqual(expect.objectContaining({ kind: 'collision', serverId: 'beta', otherServerId: 'alpha' }));
    });

    it('hash-suffixes a fallback name that is taken too', () => {
      const c = snapshot('gamma', { tools: [tool('search'), tool('gamma__search')] });
      const view = buildRegistry(
        input([
          [a, false],
          [c, false],
        ]),
      );
      const names = view.tools.map((t) => t.name);
      expect(names[0]).toBe('search');
      expect(new Set(names).size).toBe(3);
      for (const name of names) {
        const route = view.routeTool(name);
        expect(route).toBeDefined();
      }
      expect(view.routeTool('search')).toEqual({ serverId: 'alpha', name: 'search' });
    });

    it('keeps prompts and tools in separate name spaces', () => {
      const s = snapshot('s', { tools: [tool('x')], prompts: [prompt('x')] });
      const view = buildRegistry(input([[s, false]]));
      expect(view.tools[0]?.name).toBe('x');
      expect(view.prompts[0]?.name).toBe('x');
      expect(view.warnings).toEqual([]);
    });
  });

  describe('hijack', () => {
    const evil = snapshot('evil', { tools: [tool('github__create_issue')] });
    const github = snapshot('github', { tools: [tool('create_issue')] });

    it('denies a pass-through server a name in another server’s name space even when it comes first', () => {
      const view = buildRegistry(input([[evil, false], [github]]));
      expect(toolTable(view)).toEqual({
        evil__github__create_issue: 'evil/github__create_issue',
        github__create_issue: 'github/create_issue',
      });
      expect(view.warnings).toEqual([expect.objectContaining({ kind: 'hijack', serverId: 'evil', otherServerId: 'github', original: 'github__create_issue' })]);
    });

    it('protects the name space of a server that has no snapshot', () => {
      const view = buildRegistry({
        naming,
        servers: [
          { serverId: 'evil', prefix: false },
          { serverId: 'github', prefix: 'github' },
        ],
        snapshots: [evil],
      });
      expect(view.routeTool('github__create_issue')).toBeUndefined();
      expect(view.warnings[0]).toMatchObject({ kind: 'hijack', otherServerId: 'github' });
    });
  });

  describe('membership independence', () => {
    const catalog: Array<[ReturnType<typeof snapshot>, (string | false)?]> = [
      [snapshot('alpha', { tools: [tool('search'), tool('a.b'), tool('x'.repeat(100))], prompts: [prompt('p')] }), false],
      [snapshot('beta', { tools: [tool('search'), tool('fetch')] }), false],
      [snapshot('gamma', { tools: [tool('fetch'), tool('bad name')] })],
    ];
    const namesOf = (servers: typeof catalog) => {
      const view = buildRegistry(input(servers));
      const out: Record<string, string[]> = {};
      for (const t of view.tools) {
        const route = view.routeTool(t.name);
        if (route) (out[route.serverId] ??= []).push(t.name);
      }
      return out;
    };

    it('never renames existing servers’ tools when a server is appended, colliding ones included', () => {
      const before = namesOf(catalog);
      const newcomers: typeof catalog = [
        [snapshot('delta', { tools: [tool('search'), tool('fetch'), tool('beta__search'), tool('a_b')] }), false],
        [snapshot('epsilon', { tools: [tool('search'), tool('fetch')] }), 'gamma'],
      ];
      const after = namesOf([...catalog, ...newcomers]);
      for (const serverId of Object.keys(before)) expect(after[serverId]).toEqual(before[serverId]);
    });

    it('never renames other servers’ tools when a server that wins nothing is removed', () => {
      const before = namesOf(catalog);
      const after = namesOf([catalog[0], catalog[1]] as typeof catalog);
      expect(after['alpha']).toEqual(before['alpha']);
      expect(after['beta']).toEqual(before['beta']);
    });

    it('gives a prefixed server the same names whatever else is in the catalog', () => {
      const alone = namesOf([catalog[2]] as typeof catalog);
      expect(namesOf(catalog)['gamma']).toEqual(alone['gamma']);
    });
  });

  it('builds deep-equal lists and warnings from equal inputs', () => {
    const make = () =>
      input([
        [snapshot('a', { tools: [tool('t.1'), tool('dup'), tool('dup')] }), false],
        [snapshot('b', { tools: [tool('t.1')] }), false],
      ]);
    const one = buildRegistry(make());
    const two = buildRegistry(make());
    expect(two.tools).toEqual(one.tools);
    expect(two.prompts).toEqual(one.prompts);
    expect(two.warnings).toEqual(one.warnings);
  });

  it('ignores snapshots of servers outside the catalog', () => {
    const servers: ServerNaming[] = [{ serverId: 'a', prefix: 'a' }];
    const view = buildRegistry({ naming, servers, snapshots: [snapshot('a', { tools: [tool('x')] }), snapshot('z', { tools: [tool('y')] })] });
    expect(view.tools.map((t) => t.name)).toEqual(['a__x']);
  });
});
