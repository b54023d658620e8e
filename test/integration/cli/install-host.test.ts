/**
 * `install-host` and `print-config` from the built CLI against copies of real host config files:
 * the backup is the old file byte for byte, the other entries stay, and the entry written is one a
 * host can run: started the way Claude Desktop starts it, it answers a tool call.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.js';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { CLI, fixture, ROOT } from '../../helpers/paths.js';

const CATALOG = ['servers:', '  alpha:', '    command: node', `    args: [${JSON.stringify(fixture('fixture-server'))}, --name, alpha]`].join('\n');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'host-configs');

function copyOf(name: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-host-'));
  const file = join(dir, name);
  copyFileSync(join(FIXTURES, name), file);
  return { dir, file };
}

interface Entry {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

describe('install-host', () => {
  it('merges the entry into Claude Desktop’s file, keeps a backup, and the entry serves a tool call', async () => {
    const catalog = await writeCatalog(CATALOG);
    const { dir, file } = copyOf('claude_desktop_config.json');
    chmodSync(file, 0o640);
    const original = readFileSync(file, 'utf8');
    const result = await cli('install-host', 'claude-desktop', '--config', catalog, '--file', file);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Updated ${file} with the entry "switchboard" (Claude Desktop); the old file is ${file}.backup-`);

    const backups = readdirSync(dir).filter((name) => name.startsWith('claude_desktop_config.json.backup-'));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(dir, backups[0] ?? ''), 'utf8')).toBe(original);
    expect(statSync(file).mode & 0o777).toBe(0o640);

    const config = JSON.parse(readFileSync(file, 'utf8')) as { mcpServers: Record<string, Entry>; globalShortcut: string };
    expect(Object.keys(config.mcpServers)).toEqual(['filesystem', 'github', 'switchboard']);
    expect(config.globalShortcut).toBe('Alt+Space');
    const entry = config.mcpServers.switchboard as Entry;
    expect(entry).toEqual({ command: process.execPath, args: [CLI, 'serve', '--config', catalog] });

    // As Claude Desktop starts it: another folder, a short PATH without node.
    const transport = new StdioClientTransport({ command: entry.command, args: entry.args, env: { PATH: '/usr/sbin:/sbin' }, cwd: dir, stderr: 'pipe' });
    const client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
    await client.connect(transport);
    try {
      const called = await client.callTool({ name: 'alpha__echo', arguments: { text: 'through the installed entry' } });
      expect(JSON.stringify(called.content)).toContain('through the installed entry');
    } finally {
      await client.close();
    }
  });

  it('a second run changes nothing and makes no second backup', async () => {
    const catalog = await writeCatalog(CATALOG);
    const { dir, file } = copyOf('cursor-mcp.json');
    await cli('install-host', 'cursor', '--config', catalog, '--file', file);
    const again = await cli('install-host', 'cursor', '--config', catalog, '--file', file);
    expect(again.stdout).toContain('already has this entry "switchboard"; nothing to change');
    expect(readdirSync(dir).filter((name) => name.includes('.backup-'))).toHaveLength(1);
  });

  it('replaces an older entry in Codex’s TOML, with the name budget Codex needs', async () => {
    const catalog = await writeCatalog(CATALOG);
    const { file } = copyOf('codex-config.toml');
    expect(await cli('install-host', 'codex', '--config', catalog, '--file', file)).toMatchObject({ code: 0 });
    const config = parseToml(readFileSync(file, 'utf8')) as unknown as { mcp_servers: Record<string, Entry>; model: string };
    expect(config.model).toBe('gpt-5-codex');
    expect(Object.keys(config.mcp_servers)).toEqual(['context7', 'switchboard']);
    expect({ ...config.mcp_servers.switchboard }).toEqual({
      command: process.execPath,
      args: [CLI, 'serve', '--config', catalog],
      env: { MCP_SWITCHBOARD_NAME_BUDGET: '46' },
    });
  });

  it('creates a missing file (and its folder) owner-only', async () => {
    const catalog = await writeCatalog(CATALOG);
    const file = join(mkdtempSync(join(tmpdir(), 'sb-host-')), '.vscode', 'mcp.json');
    expect(await cli('install-host', 'vscode', '--config', catalog, '--file', file)).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ servers: { switchboard: { type: 'stdio', command: process.execPath } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a config file it cannot parse, and leaves it alone', async () => {
    const catalog = await writeCatalog(CATALOG);
    const { dir, file } = copyOf('windsurf-mcp_config.json');
    const broken = readFileSync(file, 'utf8').replace('"git"', '"git" "');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, broken);
    const result = await cli('install-host', 'windsurf', '--config', catalog, '--file', file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/is not valid JSON .*nothing was changed/);
    expect(readFileSync(file, 'utf8')).toBe(broken);
    expect(readdirSync(dir)).toEqual(['windsurf-mcp_config.json']);
  });

  it('refuses an invalid catalog before touching anything', async () => {
    const catalog = await writeCatalog('servers:\n  a:\n    comand: node\n');
    const { file } = copyOf('claude-code.mcp.json');
    const before = readFileSync(file, 'utf8');
    const result = await cli('install-host', 'claude-code', '--config', catalog, '--file', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown key "comand" (did you mean "command"?)');
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('print-config', () => {
  it('prints only the snippet on stdout, where it goes on stderr', async () => {
    const catalog = await writeCatalog(CATALOG);
    const result = await cli('print-config', 'claude-code', '--config', catalog);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      mcpServers: {
        switchboard: { type: 'stdio', command: process.execPath, args: [CLI, 'serve', '--config', catalog], env: { MCP_SWITCHBOARD_NAME_BUDGET: '46' } },
      },
    });
    expect(result.stderr).toContain('claude mcp add-json --scope user switchboard');
  });

  it('names the host it did not know, with the likely one', async () => {
    const result = await cli('print-config', 'cursr', '--config', await writeCatalog(CATALOG));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown host "cursr" (did you mean "cursor"?)');
  });
});
