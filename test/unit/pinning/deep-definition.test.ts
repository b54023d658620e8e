import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PinGuard } from '../../../src/pinning/index.js';
import { nestedObject } from '../../../src/shared/depth.js';
import { FETCH, SEARCH, catalogWith, recordingLogger, snapshot } from './helpers.js';

describe('PinGuard and deeply nested definitions', () => {
  it.each([5_000, 100_000])('refuses a tool whose schema nests %i deep, warns once naming server and tool, serves the rest', async (depth) => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-deep-'));
    const logger = recordingLogger();
    const catalog = catalogWith({}, join(dir, 'servers.yaml'));
    const guard = new PinGuard({ catalog: () => catalog, logger, watchInterval: 0 });
    const deep = { ...SEARCH, name: 'deep', inputSchema: { type: 'object', properties: { x: nestedObject(depth) } } };
    const listed = snapshot('docs', [SEARCH, deep as typeof SEARCH, FETCH]);
    const served = guard.apply(listed);
    guard.apply(listed);
    await guard.flush();
    expect(served.tools.map((tool) => tool.name)).toEqual(['search', 'fetch']);
    const warnings = logger.lines.filter(({ level, message }) => level === 'warn' && message.includes('refused'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toContain('server "docs": tool "deep" refused');
  });
});

describe('a pin state file with a definition nested too deep', () => {
  it('keeps the digest and drops the definition, so a later diff cannot overflow the stack', async () => {
    const { parsePinTable } = await import('../../../src/pinning/state-file.js');
    // Written as text: JSON.stringify itself recurses.
    const deep = `{"name":"search","inputSchema":${'{"a":'.repeat(20_000)}{}${'}'.repeat(20_000)}}`;
    const pin0 = `{"digest":"sha256:${'a'.repeat(64)}","pinnedAt":"2026-01-01T00:00:00Z","source":"first-sight","definition":${deep}}`;
    const text = `{"version":1,"servers":{"docs":{"search":${pin0}}}}`;
    const pin = parsePinTable(text).get('docs')?.get('search');
    expect(pin?.digest).toBe(`sha256:${'a'.repeat(64)}`);
    expect(pin?.definition).toBeUndefined();
  });
});
