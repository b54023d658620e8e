/**
 * The snapshot store of lazy start: what is kept, for which configuration, and what a hostile or
 * broken file does (nothing worse than a start).
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerEntry } from '../../../src/config/schema.js';
import { emptyLists, type ServerLists } from '../../../src/downstream/lists.js';
import { fingerprintOf, MAX_SNAPSHOT_BYTES, readSnapshots, SnapshotStore, snapshotsFileOf } from '../../../src/downstream/snapshot-store.js';
import { createLogger } from '../../../src/log.js';
import { clearSecrets, registerSecrets } from '../../../src/redact.js';

const entry = (id: string, knobs: Partial<Extract<ServerEntry, { kind: 'stdio' }>> = {}): ServerEntry => ({
  kind: 'stdio',
  id,
  enabled: true,
  command: 'node',
  args: ['server.js'],
  env: { ROOT: '/data' },
  timeout: 1000,
  maxTotalTimeout: 10_000,
  connectTimeout: 1000,
  maxConcurrency: 4,
  ...knobs,
});

const lists = (...tools: string[]): ServerLists => ({ ...emptyLists(), tools: tools.map((name) => ({ name, inputSchema: { type: 'object' } })) });

function setup() {
  const file = snapshotsFileOf(join(mkdtempSync(join(tmpdir(), 'switchboard-snapshots-')), 'servers.yaml')) as string;
  const warnings: string[] = [];
  const logger = createLogger({ write: (line) => warnings.push(line), level: 'warn' });
  return { file, warnings, open: () => new SnapshotStore(file, logger) };
}

afterEach(() => clearSecrets());

describe('SnapshotStore', () => {
  it('keeps each server’s lists and capabilities across runs, in a 0600 file beside the catalog', async () => {
    const { file, open } = setup();
    const first = open();
    first.save(entry('a'), { tools: {} }, lists('one', 'two'));
    first.save(entry('b'), { prompts: {} }, lists());
    await first.flushed();
    expect(file.endsWith(join('.switchboard', 'snapshots.json'))).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = open();
    expect(second.lookup(entry('a')).snapshot).toMatchObject({ capabilities: { tools: {} }, lists: lists('one', 'two') });
    expect(second.lookup(entry('b')).snapshot?.capabilities).toEqual({ prompts: {} });
    expect(second.lookup(entry('c'))).toEqual({ stale: false });
  });

  it('treats a snapshot taken with another command, args or env as stale', () => {
    const { open } = setup();
    const store = open();
    store.save(entry('a'), {}, lists('one'));
    expect(store.lookup(entry('a', { args: ['other.js'] }))).toEqual({ stale: true });
    expect(store.lookup(entry('a', { env: { ROOT: '/elsewhere' } }))).toEqual({ stale: true });
    expect(store.lookup(entry('a', { command: 'deno' }))).toEqual({ stale: true });
    // Limits and lifecycle knobs do not decide what a server lists.
    expect(store.lookup(entry('a', { timeout: 5, idleTimeout: 10, start: 'lazy' })).snapshot).toBeDefined();
  });

  it('keeps the entries another gateway wrote meanwhile (read-modify-write)', async () => {
    const { open } = setup();
    const one = open();
    const two = open();
    one.save(entry('a'), {}, lists('x'));
    await one.flushed();
    two.save(entry('b'), {}, lists('y'));
    await two.flushed();
    const three = open();
    expect(three.lookup(entry('a')).snapshot).toBeDefined();
    expect(three.lookup(entry('b')).snapshot).toBeDefined();
  });

  it('never writes a snapshot that holds a secret of the catalog, and leaves no trace of secrets in the fingerprint', async () => {
    const { file, open, warnings } = setup();
    registerSecrets(['sk-live-1234567890']);
    const store = open();
    const leaky: ServerLists = { ...emptyLists(), tools: [{ name: 'echo', description: 'uses key sk-live-1234567890', inputSchema: { type: 'object' } }] };
    expect(store.save(entry('a'), {}, leaky)).toBe(false);
    store.save(entry('b', { env: { API_KEY: 'sk-live-1234567890' } }), {}, lists('fine'));
    await store.flushed();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('"a"');
    expect(warnings.join('\n')).toMatch(/server "a": its lists contain a value the catalog holds secret, so no snapshot is kept/);
    // The fingerprint is over the redacted value: another token gives the same fingerprint.
    registerSecrets(['sk-live-0987654321']);
    expect(fingerprintOf(entry('b', { env: { API_KEY: 'sk-live-0987654321' } }))).toBe(fingerprintOf(entry('b', { env: { API_KEY: 'sk-live-1234567890' } })));
  });

  it('does not keep a snapshot above the size bound', () => {
    const { open, warnings } = setup();
    const store = open();
    const huge: ServerLists = { ...emptyLists(), tools: [{ name: 'big', description: 'x'.repeat(MAX_SNAPSHOT_BYTES), inputSchema: { type: 'object' } }] };
    expect(store.save(entry('a'), {}, huge)).toBe(false);
    expect(store.lookup(entry('a'))).toEqual({ stale: false });
    expect(warnings.join('\n')).toMatch(/its lists take more than \d+ bytes/);
  });

  it('reads a corrupt file as an empty one, with a warning, and overwrites it on the next save', async () => {
    const { file, open, warnings } = setup();
    mkdirSync(dirname(file), { recursive: true });
    for (const garbage of ['{ not json', '[]', '{"version": 2, "servers": {}}', '\u0000\u0001binary']) {
      writeFileSync(file, garbage);
      expect(open().lookup(entry('seed'))).toEqual({ stale: false });
    }
    expect(warnings.filter((w) => w.includes('is unusable')).length).toBe(4);
    const store = open();
    store.save(entry('a'), {}, lists('t'));
    await store.flushed();
    expect(readSnapshots(file).snapshots.get('a')?.lists.tools).toHaveLength(1);
  });

  it('drops hostile entries one by one and keeps the good ones', () => {
    const { file, warnings } = setup();
    const good = { fingerprint: fingerprintOf(entry('good')), at: 1, capabilities: {}, lists: lists('ok') };
    const deep = '__DEEP__';
    const servers = {
      good,
      noName: { ...good, lists: { ...emptyLists(), tools: [{ description: 'no name' }] } },
      notLists: { ...good, lists: 'tools' },
      deep: { ...good, capabilities: deep },
      'bad id!': good,
      ['__proto__']: good,
    };
    mkdirSync(dirname(file), { recursive: true });
    // 100k levels, written as text: no recursive walk of ours may run over it.
    writeFileSync(file, JSON.stringify({ version: 1, servers }).replace('"__DEEP__"', `${'{"d":'.repeat(100_000)}{}${'}'.repeat(100_000)}`));
    const loaded = readSnapshots(file);
    expect([...loaded.snapshots.keys()]).toEqual(['good']);
    expect(loaded.warning).toMatch(/unusable entries/);
    expect(warnings).toEqual([]);
  });
});
