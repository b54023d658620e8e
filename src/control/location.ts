/**
 * Where a gateway's control socket lives: one Unix socket per gateway process, named by its pid,
 * in a folder of the catalog's own, so `status`, `approve` and `reload` find every gateway that
 * serves a catalog and nothing else. The folder is `.switchboard/control/` beside the catalog (with
 * the pins and era verdicts); when that path is too long for a socket address (about 100 bytes on
 * Linux and macOS), `<stateDir>/control/<digest of the catalog path>/` instead. Pure.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import type { Catalog } from '../config/schema.js';
import { stateDirOf } from '../oauth/attach.js';

/** The longest socket path accepted: macOS's `sun_path` is 104 bytes with the NUL (Linux: 108). */
const MAX_SOCKET_PATH = 103;
/** Room kept for `/<pid>.sock` (a pid has at most 10 digits). */
const NAME_ROOM = '/1234567890.sock'.length;

const SOCKET_NAME = /^(\d{1,10})\.sock$/;

/**
 * The control folder of `catalog`, or undefined when there is none: a catalog that came from no
 * file, Windows (no Unix sockets there; the commands fall back to probing), or every candidate
 * path too long.
 */
export function controlDirOf(catalog: Pick<Catalog, 'file' | 'settings'>, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (catalog.file === undefined || process.platform === 'win32') return undefined;
  const beside = join(dirname(catalog.file), '.switchboard', 'control');
  if (Buffer.byteLength(beside) + NAME_ROOM <= MAX_SOCKET_PATH) return beside;
  const digest = createHash('sha256').update(catalog.file).digest('hex').slice(0, 16);
  const fallback = join(stateDirOf(catalog, env), 'control', digest);
  return Buffer.byteLength(fallback) + NAME_ROOM <= MAX_SOCKET_PATH ? fallback : undefined;
}

/** The socket of the gateway process `pid` in `dir`. */
export function socketPathOf(dir: string, pid: number): string {
  return join(dir, `${pid}.sock`);
}

/** The pid a socket file name stands for, or undefined for any other file. */
export function pidOfSocket(name: string): number | undefined {
  const match = SOCKET_NAME.exec(name);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
