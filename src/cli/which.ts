/**
 * Where a stdio server's `command` would be found, the way the gateway spawns it: `node` is the
 * Node.js running the gateway; a path is taken relative to the server's working directory;
 * a bare name is searched on PATH (with PATHEXT on Windows). Used by `check` to explain a missing
 * command before anything is spawned.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import type { ServerEntry } from '../config/schema.js';
import { resolveCommand } from '../downstream/transports.js';

/** Folders a GUI host (Claude Desktop launched from the Dock, say) usually has on its PATH. */
const SHORT_PATH = ['/usr/bin', '/bin', '/usr/sbin', '/sbin'];

export interface CommandLookup {
  /** The executable that would run, when found. */
  path?: string;
  /** Why it cannot run, and what to do. */
  problem?: string;
  /** Worth knowing although it runs here (it may not from a GUI host). */
  note?: string;
}

/** Looks up `entry.command` as the gateway would spawn it; `env` is the gateway's environment. */
export function lookUpCommand(entry: Extract<ServerEntry, { kind: 'stdio' }>, env: NodeJS.ProcessEnv = process.env): CommandLookup {
  const command = resolveCommand(entry.command);
  if (command !== entry.command) return { path: command };
  if (command.includes('/') || command.includes('\\')) {
    const path = isAbsolute(command) ? command : resolve(entry.cwd ?? process.cwd(), command);
    if (isExecutable(path)) return { path };
    return { problem: `"${command}" does not exist or is not executable (looked at ${path}): fix the path, or use an absolute one` };
  }

  const pathVar = entry.env.PATH ?? env.PATH ?? '';
  const dirs = pathVar.split(delimiter).filter((dir) => dir !== '');
  const extensions = process.platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT;.COM').split(';')] : [''];
  for (const dir of dirs) {
    for (const extension of extensions) {
      const path = join(dir, command + extension);
      if (!isExecutable(path)) continue;
      const onShortPath = process.platform === 'win32' || SHORT_PATH.includes(dir);
      return onShortPath
        ? { path }
        : {
            path,
            note: `"${command}" is found in ${dir}, which a GUI host (Claude Desktop) may not have on its PATH: if the host cannot start the gateway's servers, use command: ${path}`,
          };
    }
  }
  const advice = ['npx', 'npm', 'uvx', 'uv', 'python', 'python3', 'docker', 'deno', 'bun'].includes(command)
    ? ` (install it, or put its absolute path in command: find it with \`which ${command}\` in a terminal where it works)`
    : ' (install it, or put its absolute path in command)';
  return {
    problem:
      `command "${command}" is not on PATH${advice}. ` +
      'GUI hosts such as Claude Desktop start the gateway with a short PATH (/usr/bin:/bin), so prefer absolute paths; `command: node` always means the Node.js running the gateway',
  };
}

function isExecutable(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
