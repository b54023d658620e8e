/**
 * Host entries and merging them into real-world config files of each host's shape: every other
 * entry, key and comment stays; the entry replaces an older one of the same name; a second merge
 * changes nothing; files this code cannot edit safely are refused untouched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { mergeJson, mergeToml } from '../../../src/cli/host-merge.js';
import { HOSTS, hostEntry } from '../../../src/cli/hosts.js';
import type { HostId } from '../../../src/cli/hosts.js';
import { ROOT } from '../../helpers/paths.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'host-configs');
const FILES: Record<HostId, string> = {
  'claude-desktop': 'claude_desktop_config.json',
  'claude-code': 'claude-code.mcp.json',
  cursor: 'cursor-mcp.json',
  vscode: 'vscode-mcp.json',
  windsurf: 'windsurf-mcp_config.json',
  codex: 'codex-config.toml',
};
const PARTS = { node: '/opt/node/bin/node', cli: '/opt/sb/dist/cli.js', catalog: '/home/me/servers.yaml', name: 'switchboard' };

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const read = (id: HostId) => readFileSync(join(FIXTURES, FILES[id]), 'utf8');
const parse = (id: HostId, text: string) =>
  plain(HOSTS[id].format === 'toml' ? parseToml(text) : parseJsonc(text, [], { allowTrailingComma: true })) as Record<string, Record<string, unknown>>;
const merge = (id: HostId, text: string) => {
  const host = HOSTS[id];
  const entry = hostEntry(host, PARTS);
  return host.format === 'toml' ? mergeToml(text, 'switchboard', entry, FILES[id]) : mergeJson(text, host.key, 'switchboard', entry, FILES[id]);
};

describe.each(Object.keys(FILES) as HostId[])('merging into a %s config', (id) => {
  const host = HOSTS[id];
  const original = read(id);
  const merged = merge(id, original);

  it('adds the entry and keeps every other entry and key as it was', () => {
    const before = parse(id, original);
    const after = parse(id, merged);
    expect(after[host.key]?.switchboard).toEqual(hostEntry(host, PARTS));
    const { switchboard: _old, ...othersBefore } = before[host.key] ?? {};
    const { switchboard: _new, ...othersAfter } = after[host.key] ?? {};
    expect(othersAfter).toEqual(othersBefore);
    expect({ ...after, [host.key]: undefined }).toEqual({ ...before, [host.key]: undefined });
  });

  it('keeps every comment and the text of every line that was not the old entry', () => {
    const oldEntry = id === 'codex' ? /switchboard|\/old\/place|MCP_SWITCHBOARD_LOG|^command = "node"$/ : /$^/;
    for (const line of original.split('\n').filter((l) => l.trim() !== '' && !oldEntry.test(l))) {
      // A comment after the last entry's comma stays, after the inserted entry (VS Code's fixture).
      const comment = line.indexOf(' // ');
      for (const part of comment > 0 ? [line.slice(0, comment).replace(/,$/, ''), line.slice(comment + 1)] : [line]) expect(merged).toContain(part);
    }
  });

  it('changes nothing when merged again', () => {
    expect(merge(id, merged)).toBe(merged);
  });
});

describe('merging, edges', () => {
  it('creates the file content when there is none', () => {
    const text = mergeJson('', 'mcpServers', 'switchboard', { command: 'node' }, 'new.json');
    expect(JSON.parse(text)).toEqual({ mcpServers: { switchboard: { command: 'node' } } });
    expect(parseToml(mergeToml('', 'switchboard', { command: 'node' }, 'config.toml'))).toEqual({ mcp_servers: { switchboard: { command: 'node' } } });
  });

  it('replaces an older entry of the same name in place', () => {
    const text = '{\n  "mcpServers": {\n    "switchboard": { "command": "old" },\n    "other": { "command": "x" }\n  }\n}\n';
    const merged = mergeJson(text, 'mcpServers', 'switchboard', { command: 'new' }, 'f.json');
    expect(JSON.parse(merged)).toEqual({ mcpServers: { switchboard: { command: 'new' }, other: { command: 'x' } } });
    expect(merged).toContain('"other": { "command": "x" }');
  });

  it('keeps tabs and CRLF line ends', () => {
    const merged = mergeJson(read('cursor'), 'mcpServers', 'switchboard', { command: 'node' }, 'mcp.json');
    expect(merged).toContain('\t\t"switchboard": {\n\t\t\t"command": "node"');
    const crlf = mergeToml('model = "x"\r\n', 'switchboard', { command: 'node' }, 'config.toml');
    expect(crlf).toBe('model = "x"\r\n\r\n[mcp_servers.switchboard]\r\ncommand = "node"\r\n');
  });

  it('refuses what it cannot edit safely, saying so, and changes nothing', () => {
    expect(() => mergeJson('{ "mcpServers": { ', 'mcpServers', 'sb', {}, 'broken.json')).toThrow(/broken\.json:1 is not valid JSON .*nothing was changed/);
    expect(() => mergeJson('[1]', 'mcpServers', 'sb', {}, 'list.json')).toThrow(/does not hold a JSON object/);
    expect(() => mergeJson('{"mcpServers": []}', 'mcpServers', 'sb', {}, 'odd.json')).toThrow(/"mcpServers" is not an object/);
    expect(() => mergeToml('model = ', 'sb', {}, 'bad.toml')).toThrow(/bad\.toml.* is not valid TOML/);
    expect(() => mergeToml('mcp_servers = { sb = { command = "x" } }\n', 'sb', { command: 'y' }, 'inline.toml')).toThrow(/does not edit/);
    expect(() => mergeToml('[mcp_servers]\nsb.command = "x"\n', 'sb', { command: 'y' }, 'dotted.toml')).toThrow(/does not edit/);
  });
});

describe('host entries', () => {
  it('run this Node.js and this cli.js on the catalog, with a name budget that leaves room for the host prefix', () => {
    expect(hostEntry(HOSTS['claude-desktop'], PARTS)).toEqual({ command: PARTS.node, args: [PARTS.cli, 'serve', '--config', PARTS.catalog] });
    // mcp__switchboard__ is 18 characters of the 64.
    expect(hostEntry(HOSTS['claude-code'], PARTS)).toEqual({
      type: 'stdio',
      command: PARTS.node,
      args: [PARTS.cli, 'serve', '--config', PARTS.catalog],
      env: { MCP_SWITCHBOARD_NAME_BUDGET: '46' },
    });
    expect(hostEntry(HOSTS.codex, PARTS)).toMatchObject({ env: { MCP_SWITCHBOARD_NAME_BUDGET: '46' } });
    // Cursor cuts "switchboard" + separator + tool at 60.
    expect(hostEntry(HOSTS.cursor, PARTS)).toMatchObject({ env: { MCP_SWITCHBOARD_NAME_BUDGET: '48' } });
    expect(hostEntry(HOSTS.vscode, PARTS)).toMatchObject({ type: 'stdio', env: { MCP_SWITCHBOARD_NAME_BUDGET: '48' } });
    expect(hostEntry(HOSTS.windsurf, PARTS)).toMatchObject({ env: { MCP_SWITCHBOARD_NAME_BUDGET: '51' } });
  });

  it('never go below the smallest budget the catalog allows', () => {
    expect(HOSTS['claude-code'].budget('x'.repeat(45))).toBe(16);
  });
});

describe('where each host keeps its file', () => {
  const linux = { env: { HOME: '/home/me' }, platform: 'linux' as const, cwd: '/home/me/project' };
  const mac = { env: { HOME: '/Users/me' }, platform: 'darwin' as const, cwd: '/Users/me/project' };
  const windows = {
    env: { USERPROFILE: 'C:\\Users\\me', APPDATA: 'C:\\Users\\me\\AppData\\Roaming', HOME: '/c/Users/me' },
    platform: 'win32' as const,
    cwd: 'C:\\work',
  };

  it('per OS, in that OS’s own places and separators', () => {
    expect(HOSTS['claude-desktop'].file(mac)).toBe('/Users/me/Library/Application Support/Claude/claude_desktop_config.json');
    expect(HOSTS['claude-desktop'].file(linux)).toBe('/home/me/.config/Claude/claude_desktop_config.json');
    expect(HOSTS['claude-desktop'].file(windows)).toBe('C:\\Users\\me\\AppData\\Roaming\\Claude\\claude_desktop_config.json');
    expect(HOSTS.cursor.file(windows)).toBe('C:\\Users\\me\\.cursor\\mcp.json');
    expect(HOSTS.windsurf.file(linux)).toBe('/home/me/.codeium/windsurf/mcp_config.json');
    expect(HOSTS.windsurf.file(windows)).toBe('C:\\Users\\me\\.codeium\\windsurf\\mcp_config.json');
    expect(HOSTS.vscode.file(linux)).toBe('/home/me/project/.vscode/mcp.json');
    expect(HOSTS['claude-code'].file(windows)).toBe('C:\\work\\.mcp.json');
    expect(HOSTS.codex.file(linux)).toBe('/home/me/.codex/config.toml');
    expect(HOSTS.codex.file({ ...linux, env: { ...linux.env, CODEX_HOME: '/srv/codex' } })).toBe('/srv/codex/config.toml');
  });
});
