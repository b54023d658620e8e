import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinGuard } from '../../../src/pinning/index.js';
import { MAX_UNLISTED_PINS } from '../../../src/pinning/guard.js';
import { SEARCH, catalogWith, recordingLogger, snapshot } from './helpers.js';

describe('pin history', () => {
  it('keeps what a server lists plus a bounded history, however often it renames its tools', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-history-'));
    const catalog = catalogWith({}, join(dir, 'servers.yaml'));
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const guard = new PinGuard({
      catalog: () => catalog,

      logger: recordingLogger(),
      watchInterval: 0,
      now: () => new Date((clock += 10)),
    });
    // A list storm: every list names a new tool (as a server changing its list every 10 ms would).
    for (let i = 0; i < 1_000; i++) guard.apply(snapshot('docs', [SEARCH, { ...SEARCH, name: `tool_${i}` }]));
    await guard.flush();
    const saved = JSON.parse(readFileSync(join(dir, '.switchboard', 'pins.json'), 'utf8')) as { servers: { docs: Record<string, unknown> } };
    const names = Object.keys(saved.servers.docs);
    expect(names).toHaveLength(2 + MAX_UNLISTED_PINS);
    expect(names).toContain('search');
    expect(names).toContain('tool_999');
    // The newest of the unlisted stay; the oldest went.
    expect(names).toContain(`tool_${998 - MAX_UNLISTED_PINS + 1}`);
    expect(names).not.toContain('tool_0');
    await guard.close();
  });
});
