import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../../src/registry/index.js';
import type { ServerNaming, ServerSnapshot } from '../../../src/registry/types.js';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });
const snapshot = (serverId: string, tools: string[], prompts: string[] = []): ServerSnapshot => ({
  serverId,
  tools: tools.map(tool),
  prompts: prompts.map((name) => ({ name })),
  resources: [],
  resourceTemplates: [],
});
const naming = { separator: '__', nameBudget: 64 };
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
    expect(down.claimant('tool', 'search')?.serverId).toBe('a');
    expect(down.claimant('prompt', 'brief')?.serverId).toBe('a');
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
    const view = buildRegistry({ naming, servers, snapshots: [snapshot('a', ['list']), snapshot('b', ['search'])], claims: [snapshot('a', ['search'])] });
    expect(view.tools.map((t) => t.name).sort()).toEqual(['b__search', 'list']);
    expect(view.claimant('tool', 'search')?.serverId).toBe('a');
    expect(view.routeTool('list')).toEqual({ serverId: 'a', name: 'list' });
  });

  it('ignores a claim on a name the server offers now, and a claim that loses to an earlier server warns nobody', () => {
    const view = buildRegistry({
      naming,
      servers,
      snapshots: [snapshot('a', ['search']), snapshot('b', ['other'])],
      claims: [snapshot('a', ['search']), snapshot('b', ['search'])],
    });
    expect(view.routeTool('search')).toEqual({ serverId: 'a', name: 'search' });
    expect(view.claimant('tool', 'search')).toBeUndefined();
    expect(view.claimant('tool', 'b__search')?.serverId).toBe('b');
    expect(view.warnings).toEqual([]);
  });

  it('applies shaping to claims: a renamed tool is claimed under its advertised name', () => {
    const shaped: ServerNaming[] = [{ serverId: 'a', prefix: false, shaping: { tools: { rename: { search_code: 'search' } } } }, servers[1] as ServerNaming];
    const view = buildRegistry({ naming, servers: shaped, snapshots: [snapshot('b', ['search'])], claims: [snapshot('a', ['search_code'])] });
    expect(view.claimant('tool', 'search')?.serverId).toBe('a');
    expect(view.routeTool('search')).toBeUndefined();
  });
});
