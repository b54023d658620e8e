/**
 * The hosts `print-config` and `install-host` know: where each keeps its MCP servers, under which
 * key, in which shape, and how long the names it sends its model may be. Pure: paths take `env`,
 * `platform` and `cwd` as parameters, so every OS's answer is testable anywhere.
 *
 * Name budgets leave room for what a host puts in front of a tool's name before the 64 characters
 * model APIs allow (`^[A-Za-z0-9_-]{1,64}$`):
 * - Claude Code and Codex call a tool `mcp__<entry>__<tool>`.
 * - VS Code (Copilot) calls it `mcp_<entry>_<tool>`.
 * - Cursor cuts the entry name and the tool name together at 60 characters.
 * - Windsurf documents no prefix; its budget leaves `<entry>__` of room, to be safe.
 * - Claude Desktop sends the tool's own name.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';
import { defaultSourcePath } from './import-sources.js';

export type HostId = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode' | 'windsurf' | 'codex';

export const HOST_IDS: readonly HostId[] = ['claude-desktop', 'claude-code', 'cursor', 'vscode', 'windsurf', 'codex'];

/** Where a host looks, on this machine. */
export interface Place {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  cwd: string;
}

export interface HostSpec {
  id: HostId;
  label: string;
  format: 'json' | 'toml';
  /** The object the servers live in: `mcpServers`, VS Code's `servers`, Codex's `mcp_servers` table. */
  key: 'mcpServers' | 'servers' | 'mcp_servers';
  /** VS Code and Claude Code's files name the transport. */
  typed: boolean;
  /** The name budget that fits the host, for an entry called `name`. */
  budget: (name: string) => number;
  /** The config file install-host writes. */
  file: (place: Place) => string;
  /** Where that file is, in words, and what else there is. */
  note: string;
}

const clamp = (budget: number) => Math.max(16, Math.min(64, budget));

function home(place: Place): string {
  return place.platform === 'win32' ? (place.env.USERPROFILE ?? place.env.HOME ?? homedir()) : (place.env.HOME ?? homedir());
}

/** Paths the way `platform` writes them, whatever this machine is. */
function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  return (platform === 'win32' ? win32 : posix).join(...parts);
}

export const HOSTS: Readonly<Record<HostId, HostSpec>> = {
  'claude-desktop': {
    id: 'claude-desktop',
    label: 'Claude Desktop',
    format: 'json',
    key: 'mcpServers',
    typed: false,
    budget: () => 64,
    file: (place) => defaultSourcePath('claude-desktop', place.env, place.platform, place.cwd),
    note: 'claude_desktop_config.json (macOS ~/Library/Application Support/Claude/, Windows %APPDATA%\\Claude\\, Linux ~/.config/Claude/); restart Claude Desktop after the change',
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code',
    format: 'json',
    key: 'mcpServers',
    typed: true,
    budget: (name) => clamp(64 - `mcp__${name}__`.length),
    file: (place) => joinFor(place.platform, place.cwd, '.mcp.json'),
    note: '.mcp.json in the project folder (project scope; Claude Code asks before using it); for every project, paste the claude mcp add-json command instead',
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    format: 'json',
    key: 'mcpServers',
    typed: false,
    budget: (name) => clamp(60 - name.length - 1),
    file: (place) => joinFor(place.platform, home(place), '.cursor', 'mcp.json'),
    note: '~/.cursor/mcp.json (every project; a project may have its own .cursor/mcp.json)',
  },
  vscode: {
    id: 'vscode',
    label: 'VS Code',
    format: 'json',
    key: 'servers',
    typed: true,
    budget: (name) => clamp(64 - `mcp_${name}_`.length),
    file: (place) => joinFor(place.platform, place.cwd, '.vscode', 'mcp.json'),
    note: '.vscode/mcp.json in the workspace; for every workspace, put the same entry in your user mcp.json (command "MCP: Open User Configuration")',
  },
  windsurf: {
    id: 'windsurf',
    label: 'Windsurf',
    format: 'json',
    key: 'mcpServers',
    typed: false,
    budget: (name) => clamp(64 - name.length - 2),
    file: (place) => joinFor(place.platform, home(place), '.codeium', 'windsurf', 'mcp_config.json'),
    note: '~/.codeium/windsurf/mcp_config.json (Windows %USERPROFILE%\\.codeium\\windsurf\\); refresh the MCP servers in Cascade after the change',
  },
  codex: {
    id: 'codex',
    label: 'Codex',
    format: 'toml',
    key: 'mcp_servers',
    typed: false,
    budget: (name) => clamp(64 - `mcp__${name}__`.length),
    file: (place) => joinFor(place.platform, place.env.CODEX_HOME ?? joinFor(place.platform, home(place), '.codex'), 'config.toml'),
    note: '~/.codex/config.toml ($CODEX_HOME/config.toml when set), a [mcp_servers.<name>] table',
  },
};

/** What an entry is made of: this Node.js, this gateway's CLI, the catalog, the entry's name. */
export interface EntryParts {
  node: string;
  cli: string;
  catalog: string;
  name: string;
}

/** The host's entry that runs this gateway on `catalog` over stdio, with a name budget that fits the host. */
export function hostEntry(host: HostSpec, parts: EntryParts): Record<string, unknown> {
  const budget = host.budget(parts.name);
  return {
    ...(host.typed && { type: 'stdio' }),
    command: parts.node,
    args: [parts.cli, 'serve', '--config', parts.catalog],
    ...(budget < 64 && { env: { MCP_SWITCHBOARD_NAME_BUDGET: String(budget) } }),
  };
}

/** `cursr` → `cursor`: the host id meant, or undefined. */
export function hostNamed(id: string | undefined): HostSpec | undefined {
  return id !== undefined && (HOST_IDS as readonly string[]).includes(id) ? HOSTS[id as HostId] : undefined;
}
