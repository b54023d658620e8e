import { describe, expect, it } from 'vitest';
import { buildToolIndex, DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from '../../../../src/registry/search/index.js';
import type { SearchDoc } from '../../../../src/registry/search/index.js';

const doc = (server: string, name: string, description: string, extra: Partial<SearchDoc> = {}): SearchDoc => ({
  name: `${server}__${name}`,
  server,
  originalName: name,
  description,
  ...extra,
});

const DOCS: SearchDoc[] = [
  doc('github', 'list_pull_requests', 'List and filter repository pull requests', {
    inputSchema: { type: 'object', properties: { owner: { type: 'string' }, repo: { type: 'string' }, state: { enum: ['open', 'closed'] } } },
  }),
  doc('github', 'create_issue', 'Create a new issue in a GitHub repository'),
  doc('github', 'search_code', 'Search for code across GitHub repositories'),
  doc('fs', 'read_text_file', 'Read the complete contents of a file from the file system as text'),
  doc('fs', 'list_directory', 'Get a detailed listing of all files and directories in a specified path'),
  doc('fs', 'move_file', 'Move or rename files and directories'),
  doc('browser', 'take_screenshot', 'Take a screenshot of the current page'),
  doc('browser', 'navigate', 'Navigate to a URL'),
];

const names = (hits: { name: string }[]): string[] => hits.map((hit) => hit.name);

describe('buildToolIndex', () => {
  const index = buildToolIndex(DOCS);

  it('ranks the tool whose name and description match best first', () => {
    expect(index.size).toBe(DOCS.length);
    expect(names(index.search('list the pull requests'))[0]).toBe('github__list_pull_requests');
    expect(names(index.search('rename a file'))[0]).toBe('fs__move_file');
    expect(names(index.search('screenshot of the page'))[0]).toBe('browser__take_screenshot');
  });

  it('matches split identifiers, stems and synonyms, not only the exact words', () => {
    // "folder" is a hand synonym of "directory"; "directories" and "directory" share a stem.
    expect(names(index.search('show me what is in this folder'))[0]).toBe('fs__list_directory');
    // "repo" is a parameter name and an abbreviation of "repository".
    expect(names(index.search('open a bug ticket on my repo'))[0]).toBe('github__create_issue');
    expect(names(index.search('ListPullRequests'))[0]).toBe('github__list_pull_requests');
  });

  it('returns hits best first with scores, server ids and a stable order', () => {
    const hits = index.search('file');
    expect(hits.length).toBeGreaterThan(1);
    for (let i = 1; i < hits.length; i++) expect(hits[i - 1]!.score).toBeGreaterThanOrEqual(hits[i]!.score);
    expect(hits.every((hit) => DOCS.some((d) => d.name === hit.name && d.server === hit.server))).toBe(true);
    expect(index.search('file')).toEqual(hits);
  });

  it('applies allow before ranking and limiting: a refused tool is never returned and takes no slot', () => {
    const refused = new Set(['fs__move_file', 'fs__read_text_file']);
    const asked: string[] = [];
    const hits = index.search('file', {
      limit: 1,
      allow: (name) => {
        asked.push(name);
        return !refused.has(name);
      },
    });
    expect(hits).toHaveLength(1);
    expect(refused.has(hits[0]!.name)).toBe(false);
    // Every query, every limit: nothing refused comes out.
    for (const query of ['file', 'rename a file', 'read the text', 'move', 'directories files']) {
      for (const limit of [1, 3, 50]) {
        for (const hit of index.search(query, { limit, allow: (name) => !refused.has(name) })) expect(refused.has(hit.name)).toBe(false);
      }
    }
    expect(index.search('rename', { allow: () => false })).toEqual([]);
    expect(asked.length).toBeGreaterThan(0);
  });

  it('bounds the limit and handles empty, stopword-only and unknown queries', () => {
    expect(index.search('file', { limit: 0 })).toEqual([]);
    expect(index.search('file', { limit: -5 })).toEqual([]);
    expect(index.search('file', { limit: 2.7 })).toHaveLength(2);
    const many = buildToolIndex(Array.from({ length: 200 }, (_, i) => doc('s', `tool_${i}`, 'does a thing with widgets')));
    expect(many.search('widgets', { limit: 10_000 })).toHaveLength(MAX_SEARCH_LIMIT);
    expect(many.search('widgets', { limit: Number.NaN })).toHaveLength(DEFAULT_SEARCH_LIMIT);
    expect(many.search('widgets')).toHaveLength(DEFAULT_SEARCH_LIMIT);
    expect(index.search('')).toEqual([]);
    expect(index.search('the of and please')).toEqual([]);
    expect(index.search('zyzzyva')).toEqual([]);
  });

  it('survives hostile input: a 1 MB query, deep, wide and cyclic schemas, odd field types', () => {
    const deep: Record<string, unknown> = { type: 'object' };
    let node = deep;
    for (let i = 0; i < 10_000; i++) {
      const child: Record<string, unknown> = { type: 'object', description: `level ${i}` };
      node['properties'] = { [`p${i}`]: child };
      node = child;
    }
    const wide = {
      type: 'object',
      properties: Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`field${i}`, { type: 'string', description: 'x '.repeat(1000) }])),
    };
    const cyclic: Record<string, unknown> = { type: 'object' };
    cyclic['properties'] = { self: cyclic };
    cyclic['items'] = cyclic;
    const hostile = buildToolIndex([
      doc('h', 'deep', 'deep schema', { inputSchema: deep }),
      doc('h', 'wide', 'wide schema', { inputSchema: wide }),
      doc('h', 'cyclic', 'cyclic schema', { inputSchema: cyclic }),
      { name: 'h__odd', server: 'h', description: 42 as unknown as string, title: {} as unknown as string, inputSchema: 'not a schema' },
      doc('h', 'huge', 'y'.repeat(5_000_000)),
    ]);
    expect(hostile.size).toBe(5);
    expect(names(hostile.search('cyclic'))[0]).toBe('h__cyclic');
    // Only the first levels of the deep schema are read.
    expect(names(hostile.search('level 3'))).toContain('h__deep');
    expect(names(hostile.search('p9000'))).not.toContain('h__deep');
    expect(names(hostile.search('field63'))).toContain('h__wide');
    expect(names(hostile.search('field99999'))).not.toContain('h__wide');
    const megabyte = 'schema '.repeat(150_000);
    expect(names(hostile.search(megabyte)).length).toBeGreaterThan(0);
  });

  it('indexes titles, parameter names and server descriptions', () => {
    const small = buildToolIndex([
      doc('a', 'x1', 'does one thing', { title: 'Weather forecast' }),
      doc('b', 'x2', 'does another thing', { inputSchema: { type: 'object', properties: { zipCode: { type: 'string' } } } }),
      doc('c', 'x3', 'does a third thing', { serverDescription: 'Kanban boards and cards' }),
    ]);
    expect(names(small.search('forecast'))).toEqual(['a__x1']);
    expect(names(small.search('zip code'))).toEqual(['b__x2']);
    expect(names(small.search('kanban'))).toEqual(['c__x3']);
  });

  it('mines abbreviations from the catalog: a long form finds a tool that only uses the short one', () => {
    const small = buildToolIndex([
      doc('t', 'get_temp', 'Current temperature reading of the room'),
      doc('t', 'set_temp', 'Sets the temp of the thermostat'),
      doc('t', 'fan', 'Turns the fan on or off'),
    ]);
    expect(names(small.search('change the temperature'))).toContain('t__set_temp');
  });

  it('lets a server named in the query pick between tools of the same name', () => {
    const small = buildToolIndex([
      doc('monday', 'create_workspace', 'Create a new monday workspace in monday.com'),
      doc('monday', 'list_workspaces', 'List all workspaces available to the user'),
      doc('notion', 'list_workspaces', 'List all workspaces of the integration'),
    ]);
    expect(names(small.search('list my monday workspaces'))[0]).toBe('monday__list_workspaces');
    expect(names(small.search('list my notion workspaces'))[0]).toBe('notion__list_workspaces');
  });

  it('reads a file name, a URL or an e-mail address in the query as the thing it is', () => {
    const small = buildToolIndex([
      doc('a', 'read_file', 'Read the contents of a file'),
      doc('a', 'open_url', 'Open a url in the browser'),
      doc('a', 'send_email', 'Send an email'),
      doc('a', 'vacation', 'Plan a vacation'),
    ]);
    expect(names(small.search('what is in notes.txt'))[0]).toBe('a__read_file');
    expect(names(small.search('show me ~/docs/plan'))[0]).toBe('a__read_file');
    expect(names(small.search('go to https://example.com'))[0]).toBe('a__open_url');
    expect(names(small.search('write to bob@example.com'))[0]).toBe('a__send_email');
  });
});
