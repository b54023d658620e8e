/**
 * Following the catalog file: valid edits are delivered, invalid ones reported, and a reload that
 * fails for a reason of its own never stops the ones after it.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../src/config/schema.js';
import { CatalogWatcher } from '../../../src/config/watch.js';
import type { ConfigError } from '../../../src/config/errors.js';
import { eventually } from '../../helpers/eventually.js';

const catalogText = (id: string) => `servers:\n  ${id}:\n    command: node\n`;

const watchers: CatalogWatcher[] = [];
afterEach(() => watchers.splice(0).forEach((watcher) => watcher.close()));

function follow(onCatalog: (catalog: Catalog) => void = () => {}) {
  const file = join(mkdtempSync(join(tmpdir(), 'switchboard-watch-')), 'servers.yaml');
  writeFileSync(file, catalogText('first'));
  const seen = { catalogs: [] as string[], invalid: [] as string[] };
  const watcher = new CatalogWatcher({
    file,
    env: {},
    debounceMs: 10,
    pollMs: 50,
    onCatalog: (catalog) => {
      onCatalog(catalog);
      seen.catalogs.push(catalog.servers.map((s) => s.id).join(','));
    },
    onInvalid: (error: ConfigError) => void seen.invalid.push(error.format()),
  }).start(catalogText('first'));
  watchers.push(watcher);
  return { file, seen, watcher };
}

describe('CatalogWatcher', () => {
  it('delivers a valid edit, reports an invalid one with its line, and ignores a save that changes nothing', async () => {
    const { file, seen } = follow();
    writeFileSync(file, catalogText('second'));
    await eventually(() => seen.catalogs.includes('second'), { what: 'the edit delivered' });
    writeFileSync(file, 'servers:\n  bad:\n    command: [1\n');
    await eventually(() => seen.invalid.length === 1, { what: 'the invalid edit reported' });
    expect(seen.invalid[0]).toMatch(/servers\.yaml:\d+/);
    // Saved by rename, as many editors do: noticed all the same.
    writeFileSync(`${file}.tmp`, catalogText('third'));
    renameSync(`${file}.tmp`, file);
    await eventually(() => seen.catalogs.includes('third'), { what: 'the renamed save delivered' });
    expect(seen.catalogs).toEqual(['second', 'third']);
  });

  it('keeps following after a reload that throws (the old promise chain stopped for good)', async () => {
    let calls = 0;
    const { file, seen } = follow(() => {
      calls += 1;
      if (calls === 1) throw new Error('the gateway refused it');
    });
    writeFileSync(file, catalogText('second'));
    await eventually(() => seen.invalid.some((text) => text.includes('the gateway refused it')), { what: 'the failure reported' });
    writeFileSync(file, catalogText('third'));
    await eventually(() => seen.catalogs.includes('third'), { what: 'the next edit delivered' });
  });

  it('tries the same text again when it is saved again after a failure that was not the file’s', async () => {
    let calls = 0;
    const { file, seen } = follow(() => {
      calls += 1;
      if (calls === 1) throw new Error('busy');
    });
    writeFileSync(file, catalogText('second'));
    await eventually(() => seen.invalid.length === 1, { what: 'the failure reported' });
    writeFileSync(file, catalogText('second'));
    await eventually(() => seen.catalogs.includes('second'), { what: 'the re-save delivered' });
  });
});
