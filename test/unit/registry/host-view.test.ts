import { describe, expect, it } from 'vitest';
import { buildRegistry, diffViews, viewForHost } from '../../../src/registry/index.js';
import type { ServerSnapshot } from '../../../src/registry/types.js';
import { featuresOf, withoutFeature, withoutFeatures } from '../../../src/shared/client-features.js';

const tool = (name: string) => ({ name, inputSchema: { type: 'object' as const } });
const snapshot = (names: string[], toolNeeds?: ServerSnapshot['toolNeeds']): ServerSnapshot => ({
  serverId: 'e',
  tools: names.map(tool),
  prompts: [],
  resources: [],
  resourceTemplates: [],
  ...(toolNeeds && { toolNeeds }),
});
const build = (s: ServerSnapshot) => buildRegistry({ naming: { separator: '__', nameBudget: 64 }, servers: [{ serverId: 'e', prefix: 'e' }], snapshots: [s] });
const names = (view: { tools: readonly { name: string }[] }) => view.tools.map((t) => t.name);

describe('viewForHost', () => {
  const view = build(snapshot(['echo', 'sample', 'url', 'roots'], { sample: ['sampling'], url: ['elicitation.url'], roots: ['roots'] }));

  it('offers each host the tools whose needs its capabilities meet, routing unchanged', () => {
    expect(names(viewForHost(view, {}))).toEqual(['e__echo']);
    expect(names(viewForHost(view, { sampling: {}, roots: {} }))).toEqual(['e__echo', 'e__sample', 'e__roots']);
    // An empty elicitation is form mode: no URL mode.
    expect(names(viewForHost(view, { elicitation: {} }))).toEqual(['e__echo']);
    expect(names(viewForHost(view, { elicitation: { url: {} } }))).toEqual(['e__echo', 'e__url']);
    expect(viewForHost(view, {}).routeTool('e__sample')).toEqual({ serverId: 'e', name: 'sample' });
  });

  it('gives hosts of the same features the same derived view (pageable), and the view itself when nothing is gated', () => {
    expect(viewForHost(view, { sampling: {} })).toBe(viewForHost(view, { sampling: { context: {} } }));
    const plain = build(snapshot(['echo']));
    expect(viewForHost(plain, {})).toBe(plain);
    expect(viewForHost(view, { sampling: {}, elicitation: { url: {} }, roots: {} })).toBe(view);
  });

  it('counts a change in who is offered a tool as a change of the tool list', () => {
    const before = build(snapshot(['echo', 'sample']));
    const after = build(snapshot(['echo', 'sample'], { sample: ['sampling'] }));
    expect(diffViews(before, after).tools).toBe(true);
    expect(diffViews(after, build(snapshot(['echo', 'sample'], { sample: ['sampling'] }))).tools).toBe(false);
  });
});

describe('client features', () => {
  const all = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true }, extensions: { x: {} } };

  it('names the features a capability set declares', () => {
    expect([...featuresOf(all)]).toEqual(['sampling', 'elicitation', 'elicitation.url', 'roots']);
    expect([...featuresOf(undefined)]).toEqual([]);
  });

  it('leaves one feature out, keeping the rest (URL mode goes with elicitation)', () => {
    expect(withoutFeature(all, 'elicitation.url')).toEqual({ ...all, elicitation: { form: {} } });
    expect(withoutFeature(all, 'elicitation')).toEqual({ sampling: {}, roots: { listChanged: true }, extensions: { x: {} } });
    expect(withoutFeatures(all)).toEqual({ extensions: { x: {} } });
    expect(all.elicitation).toEqual({ form: {}, url: {} });
  });
});
