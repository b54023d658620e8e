/**
 * The gateway's control socket: the control API (api.ts) over HTTP on a Unix socket that only
 * its owner can reach (folder 0700, socket 0600; a folder owned by someone else, or a symlink, is
 * refused). One socket per gateway process, `<pid>.sock`: two hosts that each launch the gateway
 * on one catalog get two sockets, and `status` reports both. At start, sockets of gateways that
 * died without cleaning up (nothing answers on them) are removed; at stop, its own goes.
 */
import { chmod, lstat, mkdir, readdir, unlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import type { ControlApi } from './api.js';
import { refuse } from './api.js';
import { pidOfSocket, socketPathOf } from './location.js';

export interface ControlSocket {
  path: string;
  close(): Promise<void>;
}

/** The mount point of the control API on the socket. */
const PREFIX = '/api/';

/** Serves `api` on `<dir>/<pid>.sock`. Rejects when the folder is unsafe or the socket cannot be made. */
export async function startControlSocket(dir: string, api: ControlApi, logger: Logger, pid = process.pid): Promise<ControlSocket> {
  await ownedFolder(dir);
  await removeStale(dir, logger);
  const path = socketPathOf(dir, pid);
  // A socket under our own pid cannot be a live gateway's: it is one a dead process with this pid left.
  await unlink(path).catch(() => undefined);
  const server = createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://control').pathname;
    if (!route.startsWith(PREFIX)) return refuse(res, 404, 'the control API is under /api/');
    api.handle(req, res, route.slice(PREFIX.length)).catch((error: unknown) => {
      logger.error('control request failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) refuse(res, 500, 'internal error');
      else res.end();
    });
  });
  await listen(server, path);
  await chmod(path, 0o600);
  let closing: Promise<void> | undefined;
  const close = async () => {
    server.close();
    server.closeAllConnections();
    await unlink(path).catch(() => undefined);
  };
  return { path, close: () => (closing ??= close()) };
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Creates `dir` (0700) when missing; refuses one that is a symlink, not a folder, or not ours; tightens its mode. */
async function ownedFolder(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await lstat(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a folder (a symlink or a file); the control socket is not started`);
  if (typeof process.getuid === 'function' && stat.uid !== process.getuid()) {
    throw new Error(`${dir} belongs to another user (uid ${stat.uid}); the control socket is not started`);
  }
  if ((stat.mode & 0o077) !== 0) await chmod(dir, 0o700);
}

/** Removes every `<pid>.sock` in `dir` that nobody answers on. */
async function removeStale(dir: string, logger: Logger): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => pidOfSocket(name) !== undefined)
      .map(async (name) => {
        const path = join(dir, name);
        if (await answers(path)) return;
        await unlink(path).catch(() => undefined);
        logger.debug(`removed the control socket of a gateway that is gone: ${path}`);
      }),
  );
}

/** Whether something accepts a connection on the Unix socket `path`: false on refusal or a missing file; a socket busy past `timeoutMs` counts as alive. */
function answers(path: string, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path);
    const done = (alive: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(alive);
    };
    const timer = setTimeout(() => done(true), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
