import { describe, expect, it } from 'vitest';
import type { DiscoverResult } from '@modelcontextprotocol/client';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerEntry } from '../../../src/config/schema.js';
import { EraMemory, LEGACY_VERDICT_TTL_MS } from '../../../src/downstream/era.js';
import { EraStore, erasFileOf, verdictKey } from '../../../src/downstream/era-store.js';

const DISCOVER = { supportedVersions: ['2026-07-28'], capabilities: {} } as unknown as DiscoverResult;

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('EraMemory', () => {
  it('maps the catalog era to the SDK negotiation mode', () => {
    expect(new EraMemory('legacy').mode).toBe('legacy');
    expect(new EraMemory('modern').mode).toEqual({ pin: '2026-07-28' });
    expect(new EraMemory('auto').mode).toBe('auto');
  });

  it('probes first, then connects with what the probe found', () => {
    const memory = new EraMemory('auto');
    expect(memory.prior()).toBeUndefined();
    memory.remember(DISCOVER);
    expect(memory.prior()).toEqual({ kind: 'modern', discover: DISCOVER });
  });

  it('trusts a 2025-11-25 verdict for a day, then probes again', () => {
    const time = clock();
    const memory = new EraMemory('auto', time.now);
    memory.remember(undefined);
    expect(memory.prior()).toEqual({ kind: 'legacy' });
    time.advance(LEGACY_VERDICT_TTL_MS);
    expect(memory.prior()).toEqual({ kind: 'legacy' });
    time.advance(1);
    expect(memory.prior()).toBeUndefined();
  });

  it('keeps a 2026-07-28 verdict until it is forgotten', () => {
    const time = clock();
    const memory = new EraMemory('auto', time.now);
    memory.remember(DISCOVER);
    time.advance(10 * LEGACY_VERDICT_TTL_MS);
    expect(memory.prior()?.kind).toBe('modern');
    memory.forget();
    expect(memory.prior()).toBeUndefined();
  });

  it('remembers nothing when the catalog fixes the era', () => {
    for (const era of ['legacy', 'modern'] as const) {
      const memory = new EraMemory(era);
      memory.remember(DISCOVER);
      expect(memory.prior()).toBeUndefined();
    }
  });
});

describe('EraStore', () => {
  it('keeps verdicts between runs in a 0600 file, keyed by how a server is reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eras-'));
    const file = erasFileOf(join(dir, 'servers.yaml')) as string;
    const entry = { id: 'a', kind: 'stdio', command: 'node', args: ['server.js'] } as unknown as ServerEntry;
    const first = new EraStore(file);
    new EraMemory('auto', Date.now, { store: first, key: verdictKey(entry) }).remember(DISCOVER);
    await first.flushed();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // The next run starts from the verdict; a server reached another way has none.
    const second = new EraStore(file);
    expect(new EraMemory('auto', Date.now, { store: second, key: verdictKey(entry) }).prior()).toEqual({ kind: 'modern', discover: DISCOVER });
    const other = { ...entry, args: ['other.js'] } as ServerEntry;
    expect(new EraMemory('auto', Date.now, { store: second, key: verdictKey(other) }).prior()).toBeUndefined();
  });

  it('treats a corrupt file as empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eras-'));
    const file = join(dir, 'eras.json');
    writeFileSync(file, '{ not json');
    expect(new EraStore(file).get('anything')).toBeUndefined();
  });
});
