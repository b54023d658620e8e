/**
 * One count everywhere: `list`, `status`, `check`, the status resource and HTTP `/status` say how
 * many tools each server lists, how many hosts see, and why each of the others is not offered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { writeCatalog } from '../helpers/gateway-client.js';
import { connectHost } from '../helpers/in-process.js';
import { fixture } from '../helpers/paths.js';
import { startHttpGateway, TOKEN, type HttpGateway } from './http/helpers.js';

const FIXTURE = JSON.stringify(fixture('fixture-server'));
const CATALOG = [
  'servers:',
  '  alpha:',
  '    command: node',
  `    args: [${FIXTURE}, --name, alpha]`,
  '    tools: { deny: [roots] }',
  '  beta:',
  '    command: node',
  `    args: [${FIXTURE}, --name, beta]`,
].join('\n');

interface Account {
  listed: number;
  advertised: number;
  withheld: { name: string; reason: string }[];
}
const reasons = (account: Account | undefined) => account?.withheld.map((w) => `${w.name}:${w.reason}`).sort();

describe('tool counts agree on every surface', () => {
  let http: HttpGateway;
  beforeAll(async () => {
    http = await startHttpGateway(CATALOG);
  });
  afterAll(async () => {
    await http?.stop();
  });

  it('accounts for every listed tool the same way in the status resource, /status, list, status and check', async () => {
    const fromGateway = Object.fromEntries(http.gateway.statuses().map((s) => [s.serverId, s.toolAccount]));
    const alpha = fromGateway.alpha as Account;
    // The fixture lists a task-only tool; alpha's catalog entry also denies `roots`.
    expect(reasons(alpha)).toEqual(['roots:shaping', 'task_only:needs-tasks']);
    expect(reasons(fromGateway.beta as Account)).toEqual(['task_only:needs-tasks']);
    expect(alpha.advertised).toBe(alpha.listed - 2);
    // What hosts see is exactly the advertised count.
    const advertised = http.gateway.view.tools.filter((t) => http.gateway.view.routeTool(t.name)?.serverId === 'alpha').length;
    expect(advertised).toBe(alpha.advertised);

    const host = await connectHost(http.gateway);
    const read = await host.client.readResource({ uri: 'switchboard://status' });
    const doc = JSON.parse((read.contents[0] as { text: string }).text) as { servers: { serverId: string; toolAccount: Account }[] };
    await host.client.close();
    const res = await fetch(http.url.replace(/\/mcp$/, '/status'), { headers: { authorization: `Bearer ${TOKEN}` } });
    const report = (await res.json()) as { servers: { serverId: string; toolAccount: Account }[] };

    const file = await writeCatalog(CATALOG);
    const [list, status, check] = await Promise.all([
      cli('list', '--config', file, '--json'),
      cli('status', '--config', file, '--json'),
      cli('check', '--config', file, '--json'),
    ]);
    const listed = JSON.parse(list.stdout) as { servers: { id: string; tools: number; toolAccount: Account }[] };
    const statused = JSON.parse(status.stdout) as { serverId: string; toolAccount: Account }[];
    const checked = JSON.parse(check.stdout) as { servers: { id: string; tools: Account; notes: string[] }[] };

    for (const id of ['alpha', 'beta']) {
      const expected = fromGateway[id] as Account;
      const surfaces: [string, Account | undefined][] = [
        ['status resource', doc.servers.find((s) => s.serverId === id)?.toolAccount],
        ['/status', report.servers.find((s) => s.serverId === id)?.toolAccount],
        ['list', listed.servers.find((s) => s.id === id)?.toolAccount],
        ['status', statused.find((s) => s.serverId === id)?.toolAccount],
        ['check', checked.servers.find((s) => s.id === id)?.tools],
      ];
      for (const [surface, account] of surfaces) {
        expect({ surface, listed: account?.listed, advertised: account?.advertised, reasons: reasons(account) }).toEqual({
          surface,
          listed: expected.listed,
          advertised: expected.advertised,
          reasons: reasons(expected),
        });
      }
      expect(listed.servers.find((s) => s.id === id)?.tools).toBe(expected.advertised);
    }
    // check names the tool it cannot offer instead of a bare "ok".
    expect(checked.servers.find((s) => s.id === 'beta')?.notes.join('\n')).toMatch(/tool "task_only" is not offered: it requires tasks/);
  });

  it('prints advertised/listed with the reasons in the text tables', async () => {
    const file = await writeCatalog(CATALOG);
    const [list, status] = await Promise.all([cli('list', '--config', file), cli('status', '--config', file)]);
    const alpha = http.gateway.statuses().find((s) => s.serverId === 'alpha')?.toolAccount as Account;
    const summary = `${alpha.advertised}/${alpha.listed} (1 shaped out, 1 needs tasks)`;
    expect(list.stdout).toContain(`alpha: ready, ${alpha.advertised}/${alpha.listed} tools (1 shaped out, 1 needs tasks)`);
    expect(status.stdout).toMatch(new RegExp(`^alpha\\s+ready\\s+stdio\\s+2025-11-25\\s+\\d+\\s+0\\s+closed\\s+${summary.replace(/[()/]/g, '\\$&')}`, 'm'));
    // The list's own total is what hosts see.
    const shown = list.stdout.split('\n').filter((line) => /^alpha__/.test(line)).length;
    expect(shown).toBe(alpha.advertised);
  });
});
