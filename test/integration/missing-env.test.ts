/**
 * One unset `${VAR}` holds back only the server that uses it: the catalog loads, every other
 * server is served, and the held server is reported everywhere with the variable's name.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/config/index.js';
import { Gateway } from '../../src/gateway.js';
import { cli } from '../helpers/cli.js';
import { writeCatalog } from '../helpers/gateway-client.js';
import { connectHost } from '../helpers/in-process.js';
import { fixture, ROOT } from '../helpers/paths.js';

const UNSET = 'SWITCHBOARD_TEST_NEVER_SET_TOKEN';
const FIXTURE = JSON.stringify(fixture('fixture-server'));

const CATALOG = [
  'servers:',
  '  alpha:',
  '    command: node',
  `    args: [${FIXTURE}, --name, alpha]`,
  '  github:',
  '    command: node',
  `    args: [${FIXTURE}, --name, github]`,
  `    env: { GITHUB_TOKEN: "\${${UNSET}}" }`,
  '  later:',
  '    command: node',
  '    enabled: false',
  '    env: { KEY: "${SWITCHBOARD_TEST_ALSO_UNSET}" }',
].join('\n');

describe('a server with an unset variable', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('is reported by check (text and JSON) with the variable and the fix, while the others are fine', async () => {
    const file = await writeCatalog(CATALOG);
    const json = await cli('check', '--config', file, '--json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { servers: { id: string; state: string; problems: string[] }[] };
    const byId = new Map(report.servers.map((server) => [server.id, server]));
    expect(byId.get('alpha')).toMatchObject({ state: 'ready', problems: [] });
    expect(byId.get('later')).toMatchObject({ state: 'disabled', problems: [] });
    expect(byId.get('github')?.state).toBe('failed');
    expect(byId.get('github')?.problems).toEqual([expect.stringContaining(`environment variable ${UNSET} is not set`)]);
    expect(byId.get('github')?.problems[0]).toContain('"env" block');

    const text = await cli('check', '--config', file);
    expect(text.stdout).toMatch(/^alpha\s+stdio\s+ready\s/m);
    expect(text.stdout).toContain(`github: failed: environment variable ${UNSET} is not set`);
    // Never the "unknown command" advice for a command that was never looked up.
    expect(text.stdout).not.toContain('not found');
  });

  it('leaves the host every other server, and tells a call why, in the error and the status resource', async () => {
    gateway = new Gateway(parseCatalog(CATALOG, { env: process.env, cwd: ROOT }));
    await gateway.start();
    const host = await connectHost(gateway);
    const names = (await host.client.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('alpha__echo');
    expect(names.some((name) => name.startsWith('github__'))).toBe(false);

    const ok = await host.client.callTool({ name: 'alpha__echo', arguments: { text: 'hi' } });
    expect(JSON.stringify(ok.content)).toContain('hi');
    await expect(host.client.callTool({ name: 'github__echo', arguments: { text: 'hi' } })).rejects.toThrow(
      new RegExp(`belongs to server "github", which is not connected: state failed, environment variable ${UNSET} is not set`),
    );

    const status = await host.client.readResource({ uri: 'switchboard://status' });
    const body = JSON.parse((status.contents[0] as { text: string }).text) as {
      servers: { serverId: string; state: string; missingEnv?: string[]; lastError?: string }[];
    };
    const github = body.servers.find((server) => server.serverId === 'github');
    expect(github).toMatchObject({ state: 'failed', missingEnv: [UNSET] });
    expect(github?.lastError).toContain(`\${${UNSET}:-default}`);
  });
});
