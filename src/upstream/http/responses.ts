/**
 * The gateway's own HTTP answers, written the way the SDK transport writes its errors: a JSON-RPC
 * error object with `id: null`, so a client can show a reason whatever refused the request.
 */
import type { ServerResponse } from 'node:http';

/** JSON-RPC codes used on HTTP refusals (the SDK transport uses the same two). */
export const HTTP_ERROR_CODE = { generic: -32000, sessionNotFound: -32001 } as const;

export function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  message: string,
  options: { code?: number; headers?: Record<string, string> } = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify({ jsonrpc: '2.0', error: { code: options.code ?? HTTP_ERROR_CODE.generic, message }, id: null });
  res.writeHead(status, { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
