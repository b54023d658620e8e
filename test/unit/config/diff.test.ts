import { describe, expect, it } from 'vitest';
import { diffCatalogs, isEmptyDiff } from '../../../src/config/diff.js';
import { parseCatalog } from '../../../src/config/index.js';

const load = (yaml: string) => parseCatalog(yaml, { env: {}, cwd: '/srv' });

const base = `
servers:
  a: { command: a-server }
  b: { command: b-server, args: [--x] }
  c: { url: "http://127.0.0.1:9/mcp" }
`;

describe('diffCatalogs', () => {
  it('finds nothing to do in the same catalog', () => {
    expect(isEmptyDiff(diffCatalogs(load(base), load(base)))).toBe(true);
  });

  it('starts added servers and stops removed ones, enabled flags included', () => {
    const next = load(`
servers:
  a: { command: a-server }
  b: { command: b-server, args: [--x], enabled: false }
  c: { url: "http://127.0.0.1:9/mcp" }
  d: { command: d-server }
`);
    const diff = diffCatalogs(load(base), next);
    expect(diff.added.map((s) => s.id)).toEqual(['d']);
    expect(diff.removed).toEqual(['b']);
    expect(diff.restarted).toEqual([]);
  });

  it('restarts a server whose connection changed, and only reshapes one whose names changed', () => {
    const next = load(`
servers:
  a: { command: a-server, prefix: alpha, tools: { deny: ["x*"] } }
  b: { command: b-server, args: [--y] }
  c: { url: "http://127.0.0.1:9/mcp", headers: { X-Key: v } }
`);
    const diff = diffCatalogs(load(base), next);
    expect(diff.restarted.map((s) => s.id)).toEqual(['b', 'c']);
    expect(diff.reshaped).toEqual(['a']);
    expect(diff.added).toEqual([]);
  });

  it('notices settings and order changes', () => {
    const reordered = load(`
settings: { separator: "--" }
servers:
  c: { url: "http://127.0.0.1:9/mcp" }
  a: { command: a-server }
  b: { command: b-server, args: [--x] }
`);
    expect(diffCatalogs(load(base), reordered).settingsChanged).toBe(true);
  });
});
