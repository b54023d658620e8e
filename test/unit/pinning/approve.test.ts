import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { approveAlerts, decide, definitionOf, loadPinFile, selectAlerts, setPin, toolDigest, writePinTable } from '../../../src/pinning/index.js';
import type { Pin, PinAlert, PinTable } from '../../../src/pinning/index.js';
import { FETCH, SEARCH, snapshot } from './helpers.js';

function alertsFor(serverId: string, ...names: string[]): PinAlert[] {
  const stale = (): Pin => ({ digest: `sha256:${'0'.repeat(64)}`, pinnedAt: '', source: 'first-sight' });
  const tools = names.map((name) => ({ ...SEARCH, name }));
  return decide(snapshot(serverId, tools), stale, 'hold', '').alerts;
}

describe('approve', () => {
  const alerts = [...alertsFor('docs', 'search', 'fetch'), ...alertsFor('git', 'search')];

  it('selects one tool by server:tool, every changed tool of a server by server, all with --all', () => {
    expect(selectAlerts(alerts, ['docs:fetch'], false).chosen.map((a) => `${a.serverId}:${a.tool}`)).toEqual(['docs:fetch']);
    expect(selectAlerts(alerts, ['docs'], false).chosen.map((a) => `${a.serverId}:${a.tool}`)).toEqual(['docs:search', 'docs:fetch']);
    expect(selectAlerts(alerts, [], true).chosen).toHaveLength(3);
  });

  it('reports a name that matches no pending change instead of approving something else', () => {
    expect(selectAlerts(alerts, ['docs:nope', 'other', 'git:search'], false)).toMatchObject({
      unmatched: ['docs:nope', 'other'],
      chosen: [{ serverId: 'git', tool: 'search' }],
    });
  });

  it('pins the approved definitions and leaves every other pin alone', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'switchboard-approve-')), 'pins.json');
    const [first] = decide(snapshot('docs', [FETCH]), () => undefined, 'hold', 't0').record;
    if (!first) throw new Error('no first-sight pin');
    const table: PinTable = new Map();
    setPin(table, 'docs', 'fetch', first.pin);
    await writePinTable(file, table);

    await approveAlerts(file, selectAlerts(alerts, ['docs:search'], false).chosen, new Date('2025-02-03T04:05:06Z'));
    const pins = loadPinFile(file).table.get('docs');
    expect(pins?.get('search')).toEqual({
      digest: toolDigest(SEARCH),
      definition: definitionOf(SEARCH),
      pinnedAt: '2025-02-03T04:05:06.000Z',
      source: 'approved',
    });
    expect(pins?.get('fetch')).toEqual(first.pin);
  });
});
