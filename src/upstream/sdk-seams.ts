/**
 * Where the server side relies on how the SDK (`@modelcontextprotocol/server` 2.x) behaves beyond
 * its typed API, in one place; test/unit/upstream/sdk-seams.test.ts pins each against the
 * installed SDK.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { z } from 'zod';
import type { Server } from '@modelcontextprotocol/server';
import type { Extra } from './inflight.js';

type Result = Record<string, unknown>;

/** Handlers keyed by method, whose results reach the host exactly as returned. */
export interface RawRequestHandlers {
  set(method: string, handler: (request: unknown, extra: Extra) => Promise<Result>): void;
}

/**
 * Installs request handlers for a 2025-11-25 session that bypass the SDK's per-method handling, through the public
 * `fallbackRequestHandler`: `Server.setRequestHandler('tools/call', …)` re-validates the result
 * with the SDK's content schemas, which drops fields it does not know (a relayed server's own
 * content fields), and every spec method's params are parsed before the handler sees them, so bad
 * params would be answered by the SDK, not by the gateway's -32602 with a reason. The SDK still
 * lifts the 2026-07-28 envelope, gates methods by era and encodes the result.
 */
export function rawRequestHandlers(server: Server, era: 'legacy' | 'modern' = 'legacy'): RawRequestHandlers {
  if (era === 'modern') return modernRequestHandlers(server);
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

/**
 * On 2026-07-28 the handlers are registered with the SDK, method by method (with a params schema
 * that takes anything, so the gateway's own validation still answers): an unknown method is then
 * the SDK's to refuse, with the HTTP 404 the revision wants, and `input_required` results go
 * through its checks (the host's declared capabilities). The era's wire schemas are the SDK's.
 */
function modernRequestHandlers(server: Server): RawRequestHandlers {
  return {
    set(method, handler) {
      server.setRequestHandler(method, { params: ANY_PARAMS }, (params, extra) => handler({ method, params }, extra));
    },
  };
}

const ANY_PARAMS = z.looseObject({});
