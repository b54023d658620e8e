import { describe, expect, it } from 'vitest';
import { buildRegistry, picksServer, selectProfile } from '../../../src/registry/index.js';
import type { OwnerState } from '../../../src/registry/types.js';
import { input, prompt, resource, snapshot, template, tool, toolTable } from './fixtures.js';

const READY: OwnerState = { state: 'ready' };

function merged() {
  const built = input([
    [snapshot('github', { tools: [tool('search_issues'), tool('create_issue'), tool('delete_repo')], prompts: [prompt('triage')] })],
    [
      snapshot('files', {
        tools: [tool('read_file'), tool('write_file')],
        resources: [resource('file:///a.txt')],
        resourceTemplates: [template('file:///{path}')],
      }),
    ],
    [snapshot('docs', { tools: [tool('search')] })],
  ]);
  return buildRegistry({ ...built, ownerState: () => READY });
}

describe('selectProfile', () => {
  it('keeps every tool of the servers it picks, under the names the merged view gave them', () => {
    const view = selectProfile(merged(), { servers: ['github', 'doc*'] });
    expect(toolTable(view)).toEqual({
      github__search_issues: 'github/search_issues',
      github__create_issue: 'github/create_issue',
      github__delete_repo: 'github/delete_repo',
      docs__search: 'docs/search',
    });
    expect(view.prompts.map((p) => p.name)).toEqual(['github__triage']);
    expect(view.resources).toEqual([]);
    expect(view.resourceTemplates).toEqual([]);
  });

  it('narrows tools with allow and deny over advertised names, deny winning', () => {
    const view = selectProfile(merged(), { allow: ['github__*', 'files__read_*'], deny: ['*delete*'] });
    expect(Object.keys(toolTable(view))).toEqual(['github__search_issues', 'github__create_issue', 'files__read_file']);
    // Servers stay in for their prompts and resources: allow narrows tools only.
    expect(view.resources.map((r) => r.uri)).toEqual(['files+file:///a.txt']);
  });

  it('is deny by default once allow is given: a tool added later is not in', () => {
    const before = selectProfile(merged(), { allow: ['github__search_issues'] });
    expect(before.tools.map((t) => t.name)).toEqual(['github__search_issues']);
    const grown = buildRegistry({
      ...input([[snapshot('github', { tools: [tool('search_issues'), tool('merge_pr')] })]]),
      ownerState: () => READY,
    });
    expect(selectProfile(grown, { allow: ['github__search_issues'] }).tools.map((t) => t.name)).toEqual(['github__search_issues']);
  });

  it('routes nothing it leaves out, and explains such a miss as unknown', () => {
    const full = merged();
    const view = selectProfile(full, { servers: ['github'], deny: ['github__delete_*'] });
    expect(view.routeTool('github__search_issues')).toEqual({ serverId: 'github', name: 'search_issues' });
    expect(full.routeTool('files__read_file')).toBeDefined();
    expect(view.routeTool('files__read_file')).toBeUndefined();
    expect(view.routeTool('github__delete_repo')).toBeUndefined();
    expect(view.explainMiss('tool', 'files__read_file')).toEqual({ why: 'unknown' });
    expect(view.explainMiss('tool', 'github__delete_repo')).toEqual({ why: 'unknown' });
    // Inside the profile, a real miss is still explained.
    expect(view.explainMiss('tool', 'github__nope')).toEqual({ why: 'not-offered', serverId: 'github' });
    expect(view.routeResource('files+file:///a.txt')).toBeUndefined();
    expect(view.routeResource('files+file:///anything/else')).toBeUndefined();
    expect(view.routeResourceTemplate('files+file:///{path}')).toBeUndefined();
    expect(view.routePrompt('github__triage')).toEqual({ serverId: 'github', name: 'triage' });
  });

  it('explains a tool of a server outside the profile as unknown even while that server is down', () => {
    const built = input([[snapshot('github', { tools: [tool('search_issues')] })], [snapshot('files', { tools: [tool('read_file')] })]]);
    const full = buildRegistry({
      ...built,
      snapshots: [built.snapshots[0]!],
      claims: [built.snapshots[1]!],
      ownerState: (id) => (id === 'files' ? { state: 'down' } : READY),
    });
    expect(full.explainMiss('tool', 'files__read_file')).toEqual({ why: 'down', serverId: 'files' });
    expect(selectProfile(full, { servers: ['github'] }).explainMiss('tool', 'files__read_file')).toEqual({ why: 'unknown' });
    expect(selectProfile(full, { servers: ['files'] }).explainMiss('tool', 'files__read_file')).toEqual({ why: 'down', serverId: 'files' });
  });

  it('keeps the servers it must always keep, and only the warnings of its servers', () => {
    const built = input([[snapshot('a', { tools: [tool('x'.repeat(70))] })], [snapshot('b', { tools: [tool('y'.repeat(70))] })]]);
    const full = buildRegistry(built);
    expect(full.warnings.map((w) => w.serverId)).toEqual(['a', 'b']);
    const view = selectProfile(full, { servers: ['a'], always: new Set(['b']) });
    expect(view.warnings.map((w) => w.serverId)).toEqual(['a', 'b']);
    expect(picksServer({ servers: ['a'] }, 'b')).toBe(false);
    expect(picksServer({}, 'b')).toBe(true);
    expect(picksServer({ servers: [] }, 'b')).toBe(false);
  });
});
