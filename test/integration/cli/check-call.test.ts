/**
 * `check` and `call` as a user runs them: the built CLI as a child process, fixture servers behind it.
 */
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { fixture } from '../../helpers/paths.js';
import { cli } from '../../helpers/cli.js';

const FIXTURE = JSON.stringify(fixture('fixture-server'));

const healthy = [
  'servers:',
  '  alpha:',
  `    command: node`,
  `    args: [${FIXTURE}, --name, alpha]`,
  '    tools: { deny: [roots], rename: { echo: say }, descriptions: { echo: "Says it back" } }',
  '  beta:',
  '    command: node',
  `    args: [${FIXTURE}, --name, beta]`,
  '    prompts: { hide: true }',
  '  later:',
  '    command: node',
  '    enabled: false',
].join('\n');

describe('mcp-switchboard check', () => {
  it('prints one row per server and exits 0 when every enabled server is ready', async () => {
    const result = await cli('check', '--config', await writeCatalog(healthy));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^SERVER\s+TRANSPORT\s+STATE\s+TOOLS\s+PROMPTS\s+RESOURCES\s+READY IN\s+PROBLEMS$/m);
    expect(result.stdout).toMatch(/^alpha\s+stdio\s+ready\s+\d+\/\d+ \(1 shaped out, 1 needs tasks\)\s+\d+\s/m);
    // The fixture's task-only tool is never advertised, so beta too shows advertised/listed.
    expect(result.stdout).toMatch(/^beta\s+stdio\s+ready\s+\d+\/\d+ \(1 needs tasks\)\s+0\/\d+\s/m);
    expect(result.stdout).toMatch(/^later\s+stdio\s+disabled\s/m);
    expect(result.stdout).toContain('All 2 enabled server(s) are fine.');
    // Not a terminal: no progress line.
    expect(result.stderr).not.toContain('connecting');
  });

  it('reports a missing command with PATH advice, a failed server, and collisions, and exits 1', async () => {
    const catalog = [
      'servers:',
      '  one:',
      '    command: node',
      `    args: [${FIXTURE}, --name, one]`,
      '    prefix: false',
      '  two:',
      '    command: node',
      `    args: [${FIXTURE}, --name, two]`,
      '    prefix: false',
      '  broken:',
      '    command: node',
      `    args: [${FIXTURE}, --name, broken, --exit-before-init]`,
      '  ghost:',
      '    command: no-such-command-for-check',
    ].join('\n');
    const result = await cli('check', '--config', await writeCatalog(catalog), '--json', '--timeout', '5000');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { ok: boolean; servers: Array<{ id: string; state: string; problems: string[] }> };
    expect(report.ok).toBe(false);
    const byId = Object.fromEntries(report.servers.map((s) => [s.id, s]));
    expect(byId.one?.problems).toEqual([]);
    expect(byId.two?.problems.join('\n')).toMatch(/tool "echo" of server "two" collides with tool "echo" of server "one"/);
    expect(byId.broken?.state).toBe('failed');
    expect(byId.broken?.problems[0]).toContain('exit-before-init');
    expect(byId.ghost?.problems[0]).toMatch(/"no-such-command-for-check" is not on PATH.*short PATH/);
  });

  it('exits 2 with file:line for an invalid catalog', async () => {
    const result = await cli('check', '--config', await writeCatalog('servers:\n  a:\n    command: x\n    tools: { rename: { a: "no good" } }\n'));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/servers\.yaml:4:\d+ servers\.a\.tools\.rename\.a: a rename target may only use/);
  });
});

describe('mcp-switchboard call', () => {
  it('calls a renamed tool by its advertised name and prints its text', async () => {
    const result = await cli('call', '--config', await writeCatalog(healthy), 'alpha__say', '{"x": 1}');
    expect(result).toMatchObject({ code: 0, stdout: '{"x":1}\n' });
  });

  it('prints the raw result with --json', async () => {
    const result = await cli('call', '--config', await writeCatalog(healthy), 'beta__echo', '{"y": 2}', '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ content: [{ type: 'text', text: '{"y":2}' }], structuredContent: { y: 2 } });
  });

  it('exits 1 when the tool result is an error', async () => {
    const result = await cli('call', '--config', await writeCatalog(healthy), 'beta__fail');
    expect(result).toMatchObject({ code: 1, stdout: 'this tool always fails\n' });
  });

  it('names a close match for an unknown tool, and refuses a denied one', async () => {
    const file = await writeCatalog(healthy);
    const typo = await cli('call', '--config', file, 'alpha__sya');
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('no tool "alpha__sya" (did you mean "alpha__say"?)');
    const denied = await cli('call', '--config', file, 'alpha__roots');
    expect(denied.code).toBe(1);
  });

  it('rejects arguments that are not a JSON object', async () => {
    const result = await cli('call', '--config', await writeCatalog(healthy), 'alpha__say', '[1]');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('must be a JSON object');
  });
});
