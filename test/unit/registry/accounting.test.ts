import { describe, expect, it } from 'vitest';
import { accountSummary, accountTools, buildRegistry } from '../../../src/registry/index.js';
import type { ServerSnapshot } from '../../../src/registry/types.js';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });
const snapshot = (serverId: string, names: string[]): ServerSnapshot => ({
  serverId,
  tools: names.map(tool),
  prompts: [],
  resources: [],
  resourceTemplates: [],
});

describe('accountTools', () => {
  const servers = [
    { serverId: 'a', prefix: false as const, shaping: { tools: { deny: ['secret_*'] } } },
    { serverId: 'b', prefix: false as const },
  ];
  // What the registry is given after the gateway's own filters: a's held and task-only tools are gone.
  const view = buildRegistry({
    naming: { separator: '__', nameBudget: 64 },
    servers,
    snapshots: [snapshot('a', ['echo', 'secret_x']), snapshot('b', ['echo', 'add'])],
  });

  it('counts what hosts see and gives each other listed tool its reason', () => {
    const a = accountTools({
      serverId: 'a',
      listed: [tool('echo'), tool('secret_x'), tool('long_job'), tool('changed')],
      taskOnly: new Set(['long_job']),
      held: new Set(['changed']),
      shaping: { deny: ['secret_*'] },
      view,
    });
    expect(a.listed).toBe(4);
    expect(a.advertised).toBe(1);
    expect(a.withheld.map(({ name, reason }) => [name, reason])).toEqual([
      ['secret_x', 'shaping'],
      ['long_job', 'needs-tasks'],
      ['changed', 'pinning'],
    ]);
    expect(accountSummary(a)).toBe('1/4 (1 shaped out, 1 needs tasks, 1 held)');
  });

  it('counts a tool advertised under a disambiguated name, and calls a listed tool missing from the view collided', () => {
    // b's `echo` meets a's pass-through `echo`: the registry still advertises it, under another name.
    const b = accountTools({ serverId: 'b', listed: [tool('echo'), tool('add')], taskOnly: new Set(), held: new Set(), shaping: undefined, view });
    expect(b).toEqual({
      listed: 2,
      advertised: 2,
      withheld: [],
      needsCapability: [],
      collided: [{ name: 'echo', advertised: 'b__echo', otherServerId: 'a', detail: expect.stringContaining('collides') }],
      offered: [],
    });
    expect(accountSummary(b)).toBe('2 (1 renamed by a collision)');
    const ghost = accountTools({ serverId: 'b', listed: [tool('echo'), tool('lost')], taskOnly: new Set(), held: new Set(), shaping: undefined, view });
    expect(ghost).toMatchObject({ listed: 2, advertised: 1, withheld: [{ name: 'lost', reason: 'collision' }] });
    expect(accountSummary(ghost)).toBe('1/2 (1 collided, 1 renamed by a collision)');
  });

  it('counts a tool its server lists only with a capability as advertised, and names what it needs', () => {
    const gatedView = buildRegistry({
      naming: { separator: '__', nameBudget: 64 },
      servers: [{ serverId: 'c', prefix: 'c' }],
      snapshots: [{ ...snapshot('c', ['echo', 'ask']), toolNeeds: { ask: ['sampling'] } }],
    });
    const c = accountTools({
      serverId: 'c',
      listed: [tool('echo'), tool('ask'), tool('job')],
      taskOnly: new Set(['job']),
      held: new Set(),
      shaping: undefined,
      view: gatedView,
      offered: ['sampling', 'roots'],
    });
    expect(c).toEqual({
      listed: 3,
      advertised: 2,
      withheld: [{ name: 'job', reason: 'needs-tasks', detail: expect.any(String) }],
      needsCapability: [{ name: 'ask', needs: ['sampling'], detail: 'offered only to hosts that declare sampling' }],
      collided: [],
      offered: ['sampling', 'roots'],
    });
    expect(accountSummary(c)).toBe('2/3 (1 needs tasks, 1 only for some hosts)');
    expect(accountSummary({ ...c, withheld: [], listed: 2 }, ' tools')).toBe('2 tools (1 only for some hosts)');
  });

  it('prints the plain count when every listed tool is advertised', () => {
    expect(accountSummary({ listed: 3, advertised: 3, withheld: [] })).toBe('3');
  });
});
