import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/build.js';
import { advertisePromptResult, advertiseReadResult, advertiseToolResult } from '../../../src/registry/content.js';
import { diffViews } from '../../../src/registry/diff.js';
import { input, prompt, resource, snapshot, template, tool } from './fixtures.js';

const view = buildRegistry(input([[snapshot('memory', { resources: [resource('file:///notes.md')] })], [snapshot('plain', {}), false]]));

describe('advertiseToolResult', () => {
  const result = {
    content: [
      { type: 'text', text: 'hello' },
      { type: 'resource', resource: { uri: 'file:///notes.md', text: 'x', mimeType: 'text/plain' } },
      { type: 'resource_link', uri: 'file:///other.md', name: 'other', _meta: { k: 1 } },
      { type: 'image', data: 'AAA', mimeType: 'image/png' },
    ],
    structuredContent: { uri: 'file:///notes.md' },
    isError: false,
    extra: { kept: true },
  };

  it('maps resource and resource_link URIs and leaves the rest alone', () => {
    const mapped = advertiseToolResult(view, 'memory', result);
    expect(mapped).toEqual({
      ...result,
      content: [
        result.content[0],
        { type: 'resource', resource: { uri: 'memory+file:///notes.md', text: 'x', mimeType: 'text/plain' } },
        { type: 'resource_link', uri: 'memory+file:///other.md', name: 'other', _meta: { k: 1 } },
        result.content[3],
      ],
    });
    expect(mapped.structuredContent).toBe(result.structuredContent);
  });

  it('does not mutate its input', () => {
    const before = structuredClone(result);
    const mapped = advertiseToolResult(view, 'memory', result);
    expect(result).toEqual(before);
    expect(mapped).not.toBe(result);
  });

  it('leaves URIs of a pass-through server as they are', () => {
    expect(advertiseToolResult(view, 'plain', result)).toEqual(result);
  });

  it('tolerates a result without content', () => {
    expect(advertiseToolResult(view, 'memory', { toolResult: 42 })).toEqual({ toolResult: 42 });
  });
});

describe('advertisePromptResult', () => {
  it('maps resource content in messages', () => {
    const result = {
      description: 'd',
      messages: [
        { role: 'user', content: { type: 'text', text: 'hi' } },
        { role: 'user', content: { type: 'resource', resource: { uri: 'file:///a', blob: 'AA==' } } },
        { role: 'assistant', content: { type: 'resource_link', uri: 'file:///b', name: 'b' } },
      ],
    };
    const mapped = advertisePromptResult(view, 'memory', result);
    expect(mapped.messages.map((m) => m.content)).toEqual([
      { type: 'text', text: 'hi' },
      { type: 'resource', resource: { uri: 'memory+file:///a', blob: 'AA==' } },
      { type: 'resource_link', uri: 'memory+file:///b', name: 'b' },
    ]);
    expect(mapped.description).toBe('d');
    expect(result.messages[1]?.content).toEqual({ type: 'resource', resource: { uri: 'file:///a', blob: 'AA==' } });
  });
});

describe('advertiseReadResult', () => {
  it('maps every contents URI', () => {
    const result = {
      contents: [
        { uri: 'file:///notes.md', text: 'n' },
        { uri: 'file:///x', blob: 'AA==' },
      ],
      _meta: { m: 1 },
    };
    expect(advertiseReadResult(view, 'memory', result)).toEqual({
      contents: [
        { uri: 'memory+file:///notes.md', text: 'n' },
        { uri: 'memory+file:///x', blob: 'AA==' },
      ],
      _meta: { m: 1 },
    });
    expect(result.contents[0]?.uri).toBe('file:///notes.md');
  });
});

describe('diffViews', () => {
  const base = () =>
    input([
      [
        snapshot('s', {
          tools: [tool('t', { inputSchema: { type: 'object', properties: { a: { type: 'string' } } } })],
          prompts: [prompt('p')],
          resources: [resource('a://1')],
          resourceTemplates: [template('a://{x}')],
        }),
      ],
    ]);

  it('reports everything as changed without a previous view', () => {
    expect(diffViews(undefined, buildRegistry(base()))).toEqual({ tools: true, prompts: true, resources: true });
  });

  it('reports nothing for equal inputs', () => {
    expect(diffViews(buildRegistry(base()), buildRegistry(base()))).toEqual({ tools: false, prompts: false, resources: false });
  });

  it('reports only the list that changed', () => {
    const changed = base();
    const s = changed.snapshots[0];
    if (!s) throw new Error('fixture');
    s.tools = [tool('t', { inputSchema: { type: 'object', properties: { a: { type: 'number' } } } })];
    expect(diffViews(buildRegistry(base()), buildRegistry(changed))).toEqual({ tools: true, prompts: false, resources: false });
  });

  it('counts a template change as a resources change', () => {
    const changed = base();
    const s = changed.snapshots[0];
    if (!s) throw new Error('fixture');
    s.resourceTemplates = [template('a://{y}')];
    expect(diffViews(buildRegistry(base()), buildRegistry(changed)).resources).toBe(true);
  });

  it('ignores object key order', () => {
    const changed = base();
    const s = changed.snapshots[0];
    if (!s) throw new Error('fixture');
    s.tools = [{ inputSchema: { properties: { a: { type: 'string' } }, type: 'object' }, name: 't' }];
    expect(diffViews(buildRegistry(base()), buildRegistry(changed)).tools).toBe(false);
  });

  it('compares 5000 tools, telling a one-character change from none', () => {
    const many = (suffix: string) =>
      buildRegistry(
        input([
          [
            snapshot('s', {
              tools: Array.from({ length: 5000 }, (_, i) =>
                tool(`t${i}`, { description: `tool ${i}${i === 4999 ? suffix : ''}`, inputSchema: { type: 'object', properties: { q: { type: 'string' } } } }),
              ),
            }),
          ],
        ]),
      );
    const a = many('');
    const b = many('!');
    expect(diffViews(a, b).tools).toBe(true);
    expect(diffViews(a, many('')).tools).toBe(false);
  });
});
