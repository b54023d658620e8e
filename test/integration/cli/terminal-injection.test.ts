/**
 * A server's escape sequences never reach the terminal: `list`, `check`, `status` and `call`, run
 * as a user runs them, show every control character visibly (JSON output escapes them by JSON's
 * rules), and a newline in a tool name cannot forge a line.
 */
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { fixture } from '../../helpers/paths.js';
import { cli } from '../../helpers/cli.js';

const HOSTILE = JSON.stringify(fixture('hostile-server'));
// Everything a terminal would interpret: C0 but tab and newline, DEL, C1.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

const catalog = () =>
  writeCatalog(
    ['servers:', '  bad:', '    command: node', `    args: [${HOSTILE}]`, '  worse:', '    command: node', `    args: [${HOSTILE}, --exit]`].join('\n'),
  );

describe('terminal injection from a server', () => {
  it.each([['list'], ['check'], ['status']])('%s prints no raw control character and no forged line', async (command) => {
    const result = await cli(command, '--config', await catalog());
    const output = result.stdout + result.stderr;
    expect(output).not.toMatch(RAW_CONTROL);
    expect(output).not.toMatch(/^INFO forged line/m);
    expect(output).toMatch(/\\x1b\]0;pwned\\x07/);
  });

  it.each([['list'], ['check'], ['status']])('%s --json stays valid JSON with every control character escaped', async (command) => {
    const result = await cli(command, '--config', await catalog(), '--json');
    expect(result.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(JSON.parse(result.stdout))).toContain('pwned');
  });

  it('call shows the result text with its escapes visible, and --json keeps them JSON-escaped', async () => {
    const file = await catalog();
    const text = await cli('call', '--config', file, 'bad__say');
    expect(text.stdout + text.stderr).not.toMatch(RAW_CONTROL);
    expect(text.stdout).toContain('\\x1b[2J');
    const json = await cli('call', '--config', file, 'bad__say', '--json');
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect(JSON.stringify(JSON.parse(json.stdout))).toContain('\\u001b[2J');
  });
});
