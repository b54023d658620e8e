/**
 * Local errors carry a string code and their facts in fields; wire errors carry a JSON-RPC code.
 * `toWireError` is the one place where the first become the second.
 */
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { redact, redactDeep } from './redact.js';

export type GatewayErrorCode =
  /** An advertised name or URI that no server owns. */
  | 'UNKNOWN_NAME'
  /** The owning server is not connected (starting, failed, stopped). */
  | 'SERVER_UNAVAILABLE'
  /** The owning server did not answer before the deadline. */
  | 'REQUEST_TIMEOUT'
  /** The owning server's in-flight limit and queue are full. */
  | 'OVERLOADED'
  /** The connection to the owning server closed while the request was in flight. */
  | 'CONNECTION_CLOSED'
  /** A bad pagination cursor or similar client mistake. */
  | 'INVALID_PARAMS'
  /** A tool whose definition changed since it was approved, held back by pinning. */
  | 'TOOL_HELD'
  /** The session's profile is not (or no longer) in the catalog. */
  | 'UNKNOWN_PROFILE';

export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  constructor(
    readonly code: GatewayErrorCode,
    message: string,
    readonly facts: { serverId?: string; [key: string]: unknown } = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * JSON-RPC codes MCP implementations have long used for a timed-out request and a closed
 * connection (v1's `ErrorCode.RequestTimeout` / `ConnectionClosed`); v2 raises both locally as
 * `SdkError` with string codes, so they have no wire value of their own there.
 */
const REQUEST_TIMEOUT_CODE = -32001;
const CONNECTION_CLOSED_CODE = -32000;

const WIRE_CODES: Record<GatewayErrorCode, number> = {
  UNKNOWN_NAME: ProtocolErrorCode.InvalidParams,
  INVALID_PARAMS: ProtocolErrorCode.InvalidParams,
  TOOL_HELD: ProtocolErrorCode.InvalidParams,
  UNKNOWN_PROFILE: ProtocolErrorCode.InvalidRequest,
  SERVER_UNAVAILABLE: ProtocolErrorCode.InternalError,
  REQUEST_TIMEOUT: REQUEST_TIMEOUT_CODE,
  OVERLOADED: ProtocolErrorCode.InternalError,
  CONNECTION_CLOSED: CONNECTION_CLOSED_CODE,
};

const MCP_PREFIX = /^MCP error -?\d+: /;

/**
 * Servers built on the v1 SDK (most published servers today) send an `McpError`'s message with
 * `MCP error <code>: ` in front; relaying that as-is stacks prefixes.
 */
export function stripMcpPrefix(message: string): string {
  let out = message;
  while (MCP_PREFIX.test(out)) out = out.replace(MCP_PREFIX, '');
  return out;
}

/**
 * An error as it goes on the wire: the SDK serializes a thrown error as `{ code, message, data }`,
 * so relayed messages read exactly as the server wrote them.
 */
export class WireError extends Error {
  override readonly name = 'WireError';
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** Turn anything thrown while serving a request into the error the host receives. */
export function toWireError(error: unknown): WireError {
  const wire = wireErrorOf(error);
  // What goes to a host never carries a secret of the catalog, whatever failed.
  return new WireError(wire.code, redact(wire.message), redactDeep(wire.data));
}

function wireErrorOf(error: unknown): WireError {
  if (error instanceof WireError) return error;
  if (error instanceof GatewayError) {
    return new WireError(WIRE_CODES[error.code], error.message, { reason: error.code, ...error.facts });
  }
  if (error instanceof ProtocolError) {
    return new WireError(error.code, stripMcpPrefix(error.message), error.data);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new WireError(ProtocolErrorCode.InternalError, message);
}
