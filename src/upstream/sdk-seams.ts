/**
 * Where the server side relies on how the SDK (`@modelcontextprotocol/server` 2.x) behaves beyond
 * its typed API, in one place; test/unit/upstream/sdk-seams.test.ts pins each against the
 * installed SDK.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { Server } from '@modelcontextprotocol/server';
import type { Extra } from './inflight.js';

type Result = Record<string, unknown>;

/** Handlers keyed by method, whose results reach the host exactly as returned. */
export interface RawRequestHandlers {
  set(method: string, handler: (request: unknown, extra: Extra) => Promise<Result>): void;
}

/**
 * Installs request handlers that bypass the SDK's per-method handling, through the public
 * `fallbackRequestHandler`: `Server.setRequestHandler('tools/call', …)` re-validates the result
 * with the SDK's content schemas, which drops fields it does not know (a relayed server's own
 * content fields), and every spec method's params are parsed before the handler sees them, so bad
 * params would be answered by the SDK, not by the gateway's -32602 with a reason. The SDK still
 * lifts the 2026-07-28 envelope, gates methods by era and encodes the result.
 */
export function rawRequestHandlers(server: Server): RawRequestHandlers {
  const handlers = new Map<string, (request: unknown, extra: Extra) => Promise<Result>>();
  server.fallbackRequestHandler = async (request, extra) => {
    const handler = handlers.get(request.method);
    if (!handler) throw new ProtocolError(ProtocolErrorCode.MethodNotFound, `Method not found: ${request.method}`);
    return handler(request, extra);
  };
  return {
    set(method, handler) {
      // The SDK's own handler for the method (e.g. its `logging/setLevel`) would win over the fallback.
      server.removeRequestHandler(method);
      handlers.set(method, handler);
    },
  };
}
