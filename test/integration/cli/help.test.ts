/**
 * Help and mistakes on the command line, from the built CLI: help goes to stdout and lists every
 * flag each command's parser accepts; mistyped commands and flags get the likely spelling.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { ROOT } from '../../helpers/paths.js';

const COMMANDS = ['init', 'serve', 'list', 'check', 'call', 'status', 'print-config', 'install-host', 'import', 'approve', 'reload', 'login', 'logout'];

describe('help', () => {
  it('--help prints every command with its flags on stdout', async () => {
    const { code, stdout, stderr } = await cli('--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const name of COMMANDS) expect(stdout).toContain(`mcp-switchboard ${name} `);
    expect(stdout).toMatch(/mcp-switchboard serve \[--config FILE\] \[--http\] \[--port N\] \[--host H\] \[--no-auth\] \[--no-watch\]/);
    expect(stdout).toContain('mcp-switchboard call <tool> [json-args] [--config FILE] [--json] [--timeout MS]');
  });

  it.each(COMMANDS)('%s --help and help %s print the same help on stdout, before anything runs', async (name) => {
    // A catalog that does not exist proves the command did not load it.
    const viaFlag = await cli(name, '--help', '--config', '/nonexistent/servers.yaml');
    const viaHelp = await cli('help', name);
    expect(viaFlag).toMatchObject({ code: 0, stderr: '' });
    expect(viaFlag.stdout).toMatch(new RegExp(`^Usage: mcp-switchboard ${name}`));
    expect(viaFlag.stdout).toContain('-c, --config FILE');
    expect(viaFlag.stdout).toContain('-h, --help');
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
  });

  it('explains each flag', async () => {
    const { stdout } = await cli('help', 'check');
    expect(stdout).toMatch(/--json\s+print the report as JSON/);
    expect(stdout).toMatch(/--timeout MS\s+how long each server may take to start/);
  });
});

describe('the command reference', () => {
  it('docs/commands.md is what the CLI prints now (npm run docs rewrites it)', async () => {
    await expect(promisify(execFile)(process.execPath, ['scripts/commands-doc.mjs', '--check'], { cwd: ROOT })).resolves.toBeDefined();
  });
});

describe('mistakes', () => {
  it('a mistyped flag gets the flag it most likely meant', async () => {
    const { code, stderr } = await cli('list', '--jsno');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown option --jsno (did you mean --json?)');
  });

  it('a mistyped command gets the command it most likely meant', async () => {
    const { code, stderr } = await cli('lsit');
    expect(code).toBe(2);
    expect(stderr).toContain('unknown command "lsit" (did you mean "list"?)');
  });

  it('version works as a command, and a misspelling of it points at --version', async () => {
    expect(await cli('version')).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    const { code, stderr } = await cli('verison');
    expect(code).toBe(2);
    expect(stderr).toContain('did you mean --version?');
  });

  it('no command at all prints the overview on stderr and exits 2', async () => {
    const { code, stdout, stderr } = await cli();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain('mcp-switchboard init');
  });
});
