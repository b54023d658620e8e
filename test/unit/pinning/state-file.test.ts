import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPinFile, parsePinTable, serializePinTable, setPin, writePinTable } from '../../../src/pinning/index.js';
import type { Pin, PinTable } from '../../../src/pinning/index.js';

const PIN: Pin = {
  digest: `sha256:${'a'.repeat(64)}`,
  definition: { name: 'search', description: 'Searches' },
  pinnedAt: '2025-01-01T00:00:00.000Z',
  source: 'first-sight',
};

function tableOf(entries: [string, string, Pin][]): PinTable {
  const table: PinTable = new Map();
  for (const [serverId, tool, pin] of entries) setPin(table, serverId, tool, pin);
  return table;
}

const folder = () => mkdtempSync(join(tmpdir(), 'switchboard-pins-'));

describe('pin state file', () => {
  it('is created with its folder on first write, readable and writable by its owner only (0600)', async () => {
    const file = join(folder(), '.switchboard', 'pins.json');
    await writePinTable(file, tableOf([['docs', 'search', PIN]]));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o077).toBe(0);
    expect(loadPinFile(file).table.get('docs')?.get('search')).toEqual(PIN);
  });

  it('is replaced atomically: no temp file is left behind and the old mode never leaks', async () => {
    const dir = folder();
    const file = join(dir, 'pins.json');
    writeFileSync(file, serializePinTable(new Map()), { mode: 0o644 });
    await writePinTable(file, tableOf([['docs', 'search', PIN]]));
    expect(readdirSync(dir)).toEqual(['pins.json']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('treats a missing file as no pins, without a warning', () => {
    const loaded = loadPinFile(join(folder(), 'nope.json'));
    expect(loaded).toEqual({ table: new Map(), missing: true });
  });

  it('survives a corrupt state file: warns clearly, moves it aside, starts with no pins', () => {
    const dir = folder();
    const file = join(dir, 'pins.json');
    writeFileSync(file, '{"version": 1, "servers": {"docs": {"search": {"digest": "md5:x"');
    const loaded = loadPinFile(file);
    expect(loaded.table.size).toBe(0);
    expect(loaded.warning).toMatch(
      /pin state file .*pins\.json is corrupt \(not JSON: .*\); it was moved to .*pins\.json\.corrupt; every tool is treated as new/,
    );
    expect(readdirSync(dir)).toEqual(['pins.json.corrupt']);
  });

  it('rejects a well-formed file with a bad digest, saying where', () => {
    expect(() => parsePinTable(JSON.stringify({ version: 1, servers: { docs: { search: { ...PIN, digest: 'md5:abc' } } } }))).toThrow(
      'servers.docs.search.digest: expected "sha256:" and 64 hex digits',
    );
    expect(() => parsePinTable(JSON.stringify({ version: 2, servers: {} }))).toThrow('expected "version": 1, got 2');
  });

  it('keeps a tool named __proto__ as data, never as a prototype (no pollution through the state file)', () => {
    const text = serializePinTable(tableOf([['docs', '__proto__', PIN]]));
    const table = parsePinTable(text);
    expect(table.get('docs')?.get('__proto__')).toEqual(PIN);
    expect(({} as Record<string, unknown>).digest).toBeUndefined();
    expect(text).toContain('"__proto__": {');
  });
});
