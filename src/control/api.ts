/**
 * The control API: what `status`, `approve`, `reload` and the dashboard ask a running gateway.
 * Plain HTTP + JSON, mounted on the gateway's control socket (src/control/socket.ts), on
 * `serve --http` under `/api/` for bearer-token holders, and under `/ui/api/` for the dashboard's
 * logged-in browser (src/dashboard/). Whoever mounts it has already decided the caller may use it.
 *
 * | route | answer |
 * | --- | --- |
 * | `GET status` | the {@link GatewayDocument} |
 * | `POST approve` `{ "selectors": ["server", "server:tool"], "all": false }` | `ApproveOutcome` |
 * | `POST reload` | `{ ok: true, added, removed, restarted, reshaped }` or 422 `{ ok: false, error }` |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CatalogDiff } from '../config/diff.js';
import { ConfigError } from '../config/errors.js';
import type { ApproveOutcome } from '../gateway.js';
import { redact } from '../redact.js';
import type { DocumentSource, GatewayInfo } from './document.js';
import { gatewayDocument } from './document.js';

/** What the control API needs from the gateway (a `Gateway` fits). */
export interface ControlPort extends DocumentSource {
  approve(selectors: readonly string[], all: boolean): Promise<ApproveOutcome>;
  reloadFile(): Promise<CatalogDiff>;
}

/** The answer to `POST reload`. */
export type ReloadAnswer = { ok: true; added: string[]; removed: string[]; restarted: string[]; reshaped: string[] } | { ok: false; error: string };

/** Largest request body the control API reads. */
const MAX_BODY_BYTES = 64 * 1024;

export interface ControlApi {
  info: GatewayInfo;
  /** Answers one request for `route` (the path after the mount point, e.g. `status`). */
  handle(req: IncomingMessage, res: ServerResponse, route: string): Promise<void>;
}

export function controlApi(port: ControlPort, info: GatewayInfo): ControlApi {
  const handle = async (req: IncomingMessage, res: ServerResponse, route: string): Promise<void> => {
    if (route === 'status') {
      if (req.method !== 'GET') return refuse(res, 405, 'use GET', { allow: 'GET' });
      return sendJson(res, 200, gatewayDocument(port, info));
    }
    if (route === 'approve') {
      if (req.method !== 'POST') return refuse(res, 405, 'use POST', { allow: 'POST' });
      const body = await readJson(req);
      if (!body.ok) return refuse(res, body.status, body.message);
      const { selectors, all } = body.value as { selectors?: unknown; all?: unknown };
      const names = selectors === undefined ? [] : selectors;
      if (!Array.isArray(names) || !names.every((s) => typeof s === 'string') || (all !== undefined && typeof all !== 'boolean')) {
        return refuse(res, 400, 'expected {"selectors": ["server" | "server:tool", ...], "all": boolean}');
      }
      try {
        return sendJson(res, 200, await port.approve(names as string[], all === true));
      } catch (error) {
        return refuse(res, 409, redact((error as Error).message));
      }
    }
    if (route === 'reload') {
      if (req.method !== 'POST') return refuse(res, 405, 'use POST', { allow: 'POST' });
      return sendJson(res, 200, await reload(port));
    }
    return refuse(res, 404, `no such control route "${route.slice(0, 64)}" (status, approve, reload)`);
  };
  return { info, handle };
}

async function reload(port: ControlPort): Promise<ReloadAnswer> {
  try {
    const diff = await port.reloadFile();
    return { ok: true, added: diff.added.map((e) => e.id), removed: diff.removed, restarted: diff.restarted.map((e) => e.id), reshaped: diff.reshaped };
  } catch (error) {
    return { ok: false, error: redact(error instanceof ConfigError ? error.format() : (error as Error).message) };
  }
}

type Body = { ok: true; value: unknown } | { ok: false; status: number; message: string };

/** The request's JSON body (empty means `{}`), at most {@link MAX_BODY_BYTES}. */
async function readJson(req: IncomingMessage): Promise<Body> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return { ok: false, status: 413, message: `the body is larger than ${MAX_BODY_BYTES} bytes` };
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ok: false, status: 400, message: 'expected a JSON object' };
    return { ok: true, value };
  } catch {
    return { ok: false, status: 400, message: 'the body is not JSON' };
  }
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function refuse(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: message }, headers);
}
