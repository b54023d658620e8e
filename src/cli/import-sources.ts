/**
 * Where other hosts keep their MCP server lists, and how to read them: Claude Desktop's
 * `claude_desktop_config.json` (per OS), Claude Code's `.mcp.json`, Cursor's `~/.cursor/mcp.json`,
 * VS Code's `.vscode/mcp.json` (`servers` + `inputs`), or any file of one of those shapes.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, posix, resolve, win32 } from 'node:path';
import { parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';

export type SourceKind = 'claude-desktop' | 'claude-code' | 'cursor' | 'vscode';

/** A host config, read and parsed. */
export interface HostConfig {
  file: string;
  /** Which host's conventions apply (`${…}` syntax, `servers` vs `mcpServers`). */
  kind: SourceKind | 'file';
  /** Server name → its entry, as written. */
  servers: Record<string, unknown>;
  /** VS Code `inputs` (prompted values, usually secrets). */
  inputs: Array<{ id: string; description?: string; password?: boolean }>;
  /** The folder `${workspaceFolder}` means (VS Code, Cursor project files). */
  workspace?: string;
}

/** The default file of `kind` on this machine (`env` and `platform` are parameters for tests). */
export function defaultSourcePath(
  kind: SourceKind,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  cwd = process.cwd(),
): string {
  const home = (platform === 'win32' ? (env.USERPROFILE ?? env.HOME) : env.HOME) ?? homedir();
  // The platform's own separators, so a Windows answer is right when computed anywhere (tests).
  const join = (platform === 'win32' ? win32 : posix).join;
  switch (kind) {
    case 'claude-desktop':
      if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Claude', 'claude_desktop_config.json');
      if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Claude', 'claude_desktop_config.json');
      return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Claude', 'claude_desktop_config.json');
    case 'claude-code':
      return join(cwd, '.mcp.json');
    case 'cursor':
      return join(home, '.cursor', 'mcp.json');
    case 'vscode':
      return join(cwd, '.vscode', 'mcp.json');
  }
}

export const SOURCE_KINDS: readonly SourceKind[] = ['claude-desktop', 'claude-code', 'cursor', 'vscode'];

/** Reads `from` (a source kind or a path; default Claude Desktop's file). Errors say what to do. */
export async function readHostConfig(from: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<HostConfig> {
  const kind = (SOURCE_KINDS as readonly string[]).includes(from ?? 'claude-desktop') ? ((from ?? 'claude-desktop') as SourceKind) : undefined;
  const file = kind !== undefined ? defaultSourcePath(kind, env) : resolve(from as string);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = kind !== undefined ? ` (the default place for ${kind}; pass --from FILE if yours is elsewhere)` : '';
    throw new Error(`cannot read ${file}${hint}: ${code === 'ENOENT' ? 'no such file' : (code ?? (error as Error).message)}`, { cause: error });
  }
  return parseHostConfig(text, file, kind);
}

/** Parses host config text (JSON, comments and trailing commas tolerated, as VS Code writes them). */
export function parseHostConfig(text: string, file: string, kind?: SourceKind): HostConfig {
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(text, errors, { allowTrailingComma: true, allowEmptyContent: false });
  const [first] = errors;
  if (first !== undefined) {
    const before = text.slice(0, first.offset).split('\n');
    const where = `${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
    throw new Error(
      `${file}:${where} is not valid JSON (${printParseErrorCode(first.error)}); comments and trailing commas are fine, other syntax errors are not`,
    );
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`${file}: expected a JSON object with mcpServers or servers`);
  const record = data as Record<string, unknown>;
  const servers = record.mcpServers ?? record.servers;
  if (typeof servers !== 'object' || servers === null || Array.isArray(servers)) {
    throw new Error(`${file} has no "mcpServers" (Claude Desktop, Claude Code, Cursor) or "servers" (VS Code) object`);
  }
  const inputs = Array.isArray(record.inputs) ? record.inputs.filter((input): input is HostConfig['inputs'][number] => typeof input?.id === 'string') : [];
  const folder = dirname(file);
  const workspace = /[\\/]\.(vscode|cursor)$/.test(folder) ? dirname(folder) : folder;
  return { file, kind: kind ?? (record.servers !== undefined ? 'vscode' : 'file'), servers: servers as Record<string, unknown>, inputs, workspace };
}
