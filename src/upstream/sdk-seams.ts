/**
 * Where the server side relies on v1 SDK (`@modelcontextprotocol/sdk` 1.x) internals, in one
 * place. test/unit/upstream/sdk-seams.test.ts pins each one against the installed SDK, so an
 * upgrade that changes one fails there first. The v2 migration replaces this file.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { Protocol } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { InitializeRequest, InitializeResult } from '@modelcontextprotocol/sdk/types.js';
import { InitializeRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Extra } from './inflight.js';

type Result = Record<string, unknown>;

/**
 * Registers a request handler whose result reaches the host exactly as returned, through the base
 * `Protocol.prototype.setRequestHandler`: `Server.setRequestHandler` re-parses `tools/call`
 * results with the SDK's content schemas, which drops fields it does not know. The request is
 * matched on its method alone (the handler validates params itself); the capability check of
 * `Server.assertRequestHandlerCapability` still applies.
 */
export function setRawRequestHandler(server: Server, method: string, handler: (request: unknown, extra: Extra) => Promise<Result>): void {
  const register = Protocol.prototype.setRequestHandler as (this: Server, schema: z.ZodType, h: (r: unknown, e: Extra) => Promise<Result>) => void;
  register.call(server, z.looseObject({ method: z.literal(method) }), handler);
}

/**
 * Answers `initialize` with `adjust(result)`, where `result` is the SDK's own answer: its private
 * `Server._oninitialize` negotiates the version and records the host's capabilities and info
 * (what `getClientCapabilities()` returns later), which no public API does.
 */
export function adjustInitialize(server: Server, adjust: (request: InitializeRequest, result: InitializeResult) => InitializeResult): void {
  const sdk = server as unknown as { _oninitialize?: (request: InitializeRequest) => Promise<InitializeResult> };
  if (typeof sdk._oninitialize !== 'function') {
    throw new Error('the installed @modelcontextprotocol/sdk has no Server._oninitialize; src/upstream/sdk-seams.ts needs updating for it');
  }
  const initialize = sdk._oninitialize.bind(server);
  server.setRequestHandler(InitializeRequestSchema, async (request) => adjust(request, await initialize(request)));
}
