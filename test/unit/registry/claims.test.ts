import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/index.js';
import type { OwnerState, ServerNaming, ServerSnapshot } from '../../../src/registry/types.js';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });
const snapshot = (serverId: string, tools: string[], prompts: string[] = []): ServerSnapshot => ({
  serverId,
  tools: tools.map(tool),
  prompts: prompts.map((name) => ({ name })),
  resources: [],
  resourceTemplates: [],
});
const naming = { separator: '__', nameBudget: 64 };
const READY: OwnerState = { state: 'ready' };
// Two pass-through servers that both list `search`: `a` comes first, so the name is a's.
const servers: ServerNaming[] = [
  { serverId: 'a', prefix: false },
  { serverId: 'b', prefix: false },
];

describe('claimed names', () => {
  it('keeps a name with its owner while the owner is down: the neighbour does not take it over', () => {
    const up = buildRegistry({ naming, servers, snapshots: [snapshot('a', ['search']), snapshot('b', ['search'])] });
    expect(up.routeTool('search')).toEqual({ serverId: 'a', name: 'search' });
    expect(up.routeTool('b__search')).toEqual({ serverId: 'b', name: 'search' });

    const down = buildRegistry({ naming, servers, snapshots: [snapshot('b', ['search'])], claims: [snapshot('a', ['search'], ['brief'])] });
    expect(down.routeTool('search')).toBeUndefined();
    expect(down.explainMiss('tool', 'search')).toEqual({ why: 'down', serverId: 'a' });
    expect(down.explainMiss('prompt', 'brief')).toEqual({ why: 'down', serverId: 'a' });
    expect(down.tools.map((t) => t.name)).toEqual(['b__search']);
    expect(down.routeTool('b__search')).toEqual({ serverId: 'b', name: 'search' });
    // b's name is the same whether a is up or down: no host sees it move.
    expect(down.warnings.map((w) => w.message)).toEqual(up.warnings.filter((w) => w.serverId === 'b').map((w) => w.message));
  });

  it('without the claim, the old behaviour is what it guards against', () => {
    const unguarded = buildRegistry({ naming, servers, snapshots: [snapshot('b', ['search'])] });
    expect(unguarded.routeTool('search')).toEqual({ serverId: 'b', name: 'search' });
  });

  it('keeps a held tool of a live server its name, and offers the rest of that server', () => {
    const held = { ...snapshot('a', ['search']), reason: { kind: 'held' as const, detail: 'held: run approve' } };
    const view = buildRegistry({ naming, servers, snapshots: [snapshot('a', ['list']), snapshot('b', ['search'])], claims: [held], ownerState: () => READY });
    expect(view.tools.map((t) => t.name).sort()).toEqual(['b__search', 'list']);
    expect(view.explainMiss('tool', 'search')).toEqual({ why: 'held', serverId: 'a', name: 'search', detail: 'held: run approve' });
    expect(view.routeTool('list')).toEqual({ serverId: 'a', name: 'list' });
  });

  it('ignores a claim on a name the server offers now, and a claim that loses to an earlier server warns nobody', () => {
    const view = buildRegistry({
      naming,
      servers,
      snapshots: [snapshot('a', ['search']), snapshot('b', ['other'])],
      claims: [snapshot('a', ['search']), snapshot('b', ['search'])],
      ownerState: () => READY,
    });
    expect(view.routeTool('search')).toEqual({ serverId: 'a', name: 'search' });
    expect(view.explainMiss('tool', 'b__search')).toEqual({ why: 'not-offered', serverId: 'b' });
    expect(view.warnings).toEqual([]);
  });

  it('applies shaping to claims: a renamed tool is claimed under its advertised name', () => {
    const shaped: ServerNaming[] = [{ serverId: 'a', prefix: false, shaping: { tools: { rename: { search_code: 'search' } } } }, servers[1] as ServerNaming];
    const view = buildRegistry({ naming, servers: shaped, snapshots: [snapshot('b', ['search'])], claims: [snapshot('a', ['search_code'])] });
    expect(view.explainMiss('tool', 'search')).toMatchObject({ serverId: 'a' });
    expect(view.routeTool('search')).toBeUndefined();
  });

  describe('explaining a name that routes nowhere', () => {
    const prefixed: ServerNaming[] = [
      { serverId: 'gh', prefix: 'gh' },
      { serverId: 'gh_enterprise', prefix: 'gh__ent' },
      { serverId: 'docs', prefix: 'docs' },
    ];
    const states: Record<string, OwnerState> = {
      gh: { state: 'ready' },
      gh_enterprise: { state: 'starting', detail: 'state connecting' },
      docs: { state: 'down', detail: 'state failed, exited with code 1' },
    };
    const view = buildRegistry({
      naming,
      servers: prefixed,
      snapshots: [snapshot('gh', ['issues', 'run'])],
      claims: [
        { serverId: 'gh', tools: [tool('deploy')], prompts: [], reason: { kind: 'withheld', detail: 'it can only run as a task' } },
        { serverId: 'gh', tools: [tool('run'), tool('deploy')], prompts: [], reason: { kind: 'held', detail: 'ignored' } },
        snapshot('docs', ['search']),
      ],
      ownerState: (serverId) => states[serverId],
    });

    it('names the reason a live owner keeps a claimed name back, the first claim of a name winning', () => {
      expect(view.explainMiss('tool', 'gh__deploy')).toEqual({ why: 'withheld', serverId: 'gh', name: 'deploy', detail: 'it can only run as a task' });
      // `run` is offered: a claim on it is ignored, the name routes.
      expect(view.routeTool('gh__run')).toEqual({ serverId: 'gh', name: 'run' });
    });

    it('tells a name in a ready server’s namespace that it does not list from one nobody has', () => {
      expect(view.explainMiss('tool', 'gh__nothing')).toEqual({ why: 'not-offered', serverId: 'gh' });
      expect(view.explainMiss('tool', 'nobody__search')).toEqual({ why: 'unknown' });
      expect(view.explainMiss('prompt', 'gh')).toEqual({ why: 'unknown' });
    });

    it('gives the owner’s state: down with the last error, or still starting; the longest prefix owns a name', () => {
      expect(view.explainMiss('tool', 'docs__search')).toEqual({ why: 'down', serverId: 'docs', detail: 'state failed, exited with code 1' });
      expect(view.explainMiss('prompt', 'docs__brief')).toEqual({ why: 'down', serverId: 'docs', detail: 'state failed, exited with code 1' });
      expect(view.explainMiss('tool', 'gh__ent__search')).toEqual({ why: 'starting', serverId: 'gh_enterprise', detail: 'state connecting' });
    });

    it('reads the owner’s state when asked, not when the view was built', () => {
      const live: Record<string, OwnerState> = { docs: { state: 'down' } };
      const later = buildRegistry({ naming, servers: prefixed, snapshots: [], claims: [snapshot('docs', ['search'])], ownerState: (id) => live[id] });
      expect(later.explainMiss('tool', 'docs__search').why).toBe('down');
      live.docs = { state: 'ready' };
      expect(later.explainMiss('tool', 'docs__search')).toEqual({ why: 'not-offered', serverId: 'docs' });
    });
  });
});
