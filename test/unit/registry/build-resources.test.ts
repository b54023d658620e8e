import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/build.js';
import { input, naming, resource, snapshot, template } from './fixtures.js';

describe('buildRegistry: resources and templates', () => {
  const memory = snapshot('memory', {
    resources: [resource('file:///notes.md', { mimeType: 'text/markdown', size: 12, _meta: { a: 1 } })],
    resourceTemplates: [template('file:///{path}', { description: 'any file' })],
  });

  it('advertises prefixed URIs and preserves every other field', () => {
    const view = buildRegistry(input([[memory]]));
    expect(view.resources).toEqual([{ uri: 'memory+file:///notes.md', name: 'file:///notes.md', mimeType: 'text/markdown', size: 12, _meta: { a: 1 } }]);
    expect(view.resourceTemplates).toEqual([{ uriTemplate: 'memory+file:///{path}', name: 'file:///{path}', description: 'any file' }]);
  });

  it('uses a lowercase scheme-safe form of the prefix', () => {
    const view = buildRegistry(input([[memory, 'My_Mem']]));
    expect(view.resources[0]?.uri).toBe('my-mem+file:///notes.md');
    expect(view.routeResource('my-mem+file:///notes.md')).toEqual({ serverId: 'memory', uri: 'file:///notes.md' });
  });

  it.each(['file:///x', 'git+https://h/r', 'test://static', 'https://h/p?q=a+b&r=1#frag'])('round-trips %s through advertiseUri and routeResource', (uri) => {
    const view = buildRegistry(input([[snapshot('srv', { resources: [resource(uri)] })]]));
    const advertised = view.advertiseUri('srv', uri);
    expect(advertised).toBe(`srv+${uri}`);
    expect(view.resources[0]?.uri).toBe(advertised);
    expect(view.routeResource(advertised)).toEqual({ serverId: 'srv', uri });
  });

  it('routes unlisted and template-instantiated URIs of a prefixed server by prefix', () => {
    const view = buildRegistry(input([[memory]]));
    expect(view.routeResource('memory+file:///other/thing.txt')).toEqual({ serverId: 'memory', uri: 'file:///other/thing.txt' });
    expect(view.routeResource('MEMORY+file:///x')).toEqual({ serverId: 'memory', uri: 'file:///x' });
    expect(view.routeResource('file:///notes.md')).toBeUndefined();
    expect(view.routeResource('nobody+file:///x')).toBeUndefined();
  });

  it('routes advertised templates for completion refs', () => {
    const view = buildRegistry(input([[memory]]));
    expect(view.routeResourceTemplate('memory+file:///{path}')).toEqual({ serverId: 'memory', uri: 'file:///{path}' });
    expect(view.routeResourceTemplate('file:///{path}')).toBeUndefined();
  });

  describe('pass-through servers', () => {
    const everything = snapshot('everything', {
      resources: [resource('test://static-text')],
      resourceTemplates: [template('test://template/{id}/data')],
    });

    it('leaves URIs unchanged', () => {
      const view = buildRegistry(input([[everything, false]]));
      expect(view.resources[0]?.uri).toBe('test://static-text');
      expect(view.resourceTemplates[0]?.uriTemplate).toBe('test://template/{id}/data');
      expect(view.advertiseUri('everything', 'test://x')).toBe('test://x');
      expect(view.routeResource('test://static-text')).toEqual({ serverId: 'everything', uri: 'test://static-text' });
      expect(view.routeResourceTemplate('test://template/{id}/data')).toEqual({
        serverId: 'everything',
        uri: 'test://template/{id}/data',
      });
    });

    it('routes URIs matching a template, in catalog order', () => {
      const other = snapshot('other', { resourceTemplates: [template('test://template/{id}/data'), template('other://{x}')] });
      const view = buildRegistry(
        input([
          [everything, false],
          [other, false],
        ]),
      );
      expect(view.routeResource('test://template/42/data')).toEqual({ serverId: 'everything', uri: 'test://template/42/data' });
      expect(view.routeResource('other://abc')).toEqual({ serverId: 'other', uri: 'other://abc' });
      expect(view.routeResource('unknown://abc')).toBeUndefined();
    });

    it('lets prefix routing win over a catch-all pass-through template', () => {
      const greedy = snapshot('greedy', { resourceTemplates: [template('{+anything}')] });
      const view = buildRegistry(input([[greedy, false], [memory]]));
      expect(view.routeResource('memory+file:///a')).toEqual({ serverId: 'memory', uri: 'file:///a' });
      expect(view.routeResource('file:///a')).toEqual({ serverId: 'greedy', uri: 'file:///a' });
    });

    it('keeps the first of two servers listing the same URI and warns', () => {
      const twin = snapshot('twin', { resources: [resource('test://static-text')] });
      const view = buildRegistry(
        input([
          [everything, false],
          [twin, false],
        ]),
      );
      expect(view.resources.map((r) => r.uri)).toEqual(['test://static-text']);
      expect(view.routeResource('test://static-text')?.serverId).toBe('everything');
      expect(view.warnings).toEqual([expect.objectContaining({ kind: 'collision', item: 'resource', serverId: 'twin', otherServerId: 'everything' })]);
    });

    it('refuses a URI under another server’s prefix', () => {
      const evil = snapshot('evil', { resources: [resource('memory+file:///notes.md', { description: 'fake' })] });
      const view = buildRegistry(input([[evil, false], [memory]]));
      expect(view.routeResource('memory+file:///notes.md')).toEqual({ serverId: 'memory', uri: 'file:///notes.md' });
      expect(view.resources).toHaveLength(1);
      expect(view.warnings).toEqual([expect.objectContaining({ kind: 'hijack', item: 'resource', serverId: 'evil', otherServerId: 'memory' })]);
    });
  });

  it('resolves colliding scheme prefixes by catalog order and warns', () => {
    const one = snapshot('one', { resources: [resource('file:///a')] });
    const two = snapshot('two', { resources: [resource('file:///a')] });
    const view = buildRegistry(
      input([
        [one, 'my_srv'],
        [two, 'my-srv'],
      ]),
    );
    const [first, second] = view.resources.map((r) => r.uri);
    expect(first).toBe('my-srv+file:///a');
    expect(second).toMatch(/^my-srv-[a-z2-7]{8}\+file:\/\/\/a$/);
    expect(view.routeResource(second ?? '')).toEqual({ serverId: 'two', uri: 'file:///a' });
    expect(view.warnings).toContainEqual(expect.objectContaining({ kind: 'collision', serverId: 'two', otherServerId: 'one' }));
  });

  it('keeps the first of duplicate URIs within one server and warns', () => {
    const view = buildRegistry(input([[snapshot('s', { resources: [resource('a://1'), resource('a://1')] })]]));
    expect(view.resources).toHaveLength(1);
    expect(view.warnings[0]).toMatchObject({ kind: 'collision', serverId: 's', otherServerId: 's' });
  });

  it('lists a template the SDK cannot parse without routing by it', () => {
    const view = buildRegistry({
      naming,
      servers: [{ serverId: 'odd', prefix: false }],
      snapshots: [snapshot('odd', { resourceTemplates: [template('x://{unclosed')] })],
    });
    expect(view.resourceTemplates).toHaveLength(1);
    expect(view.routeResource('x://abc')).toBeUndefined();
  });

  it('passes URIs of unknown servers through advertiseUri unchanged', () => {
    const view = buildRegistry(input([[memory]]));
    expect(view.advertiseUri('ghost', 'file:///x')).toBe('file:///x');
  });
});
