/**
 * The commands' side of the control socket: find every gateway that serves a catalog (one socket
 * per gateway process; a socket nobody answers on is a dead gateway's and is removed) and ask it
 * something through the control API.
 */
import { request } from 'node:http';
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { GatewayDocument } from './document.js';
import { pidOfSocket } from './location.js';

/** A gateway reachable through its control socket, with what it said about itself. */
export interface LiveGateway {
  socket: string;
  document: GatewayDocument;
}

/** How long one control request may take. */
const REQUEST_TIMEOUT_MS = 30_000;
/** Largest answer read. */
const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** An answer that was not 2xx: the API's `{ error }`, with the HTTP status. */
class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** Every gateway serving the catalog whose control folder is `dir`, by pid; stale sockets are removed on the way. */
export async function findGateways(dir: string | undefined): Promise<LiveGateway[]> {
  if (dir === undefined) return [];
  const names = await readdir(dir).catch(() => [] as string[]);
  const sockets = names
    .map((name) => ({ name, pid: pidOfSocket(name) }))
    .filter((entry): entry is { name: string; pid: number } => entry.pid !== undefined)
    .sort((a, b) => a.pid - b.pid);
  const found = await Promise.all(
    sockets.map(async ({ name }): Promise<LiveGateway | undefined> => {
      const socket = join(dir, name);
      try {
        return { socket, document: (await controlRequest(socket, 'GET', 'status')) as GatewayDocument };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // Refused: nobody listens; the gateway died without removing its socket.
        if (code === 'ECONNREFUSED' || code === 'ENOENT') await unlink(socket).catch(() => undefined);
        return undefined;
      }
    }),
  );
  return found.filter((gateway): gateway is LiveGateway => gateway !== undefined);
}

/** One control API request over the socket; resolves with the parsed JSON answer, rejects with `ControlError` on a refusal. */
export function controlRequest(socket: string, method: 'GET' | 'POST', route: string, body?: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        socketPath: socket,
        path: `/api/${route}`,
        method,
        headers: payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        timeout: REQUEST_TIMEOUT_MS,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) req.destroy(new Error(`the gateway's answer exceeds ${MAX_ANSWER_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          let value: unknown;
          try {
            value = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return reject(new Error(`the gateway on ${socket} answered something that is not JSON`));
          }
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) return resolve(value);
          reject(new ControlError(String((value as { error?: unknown } | null)?.error ?? `HTTP ${status}`), status));
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`the gateway on ${socket} did not answer within ${REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}
