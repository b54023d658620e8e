/**
 * Turning what went wrong with a downstream into errors that say which server, what happened and
 * what to do. Local errors (`GatewayError`) carry their facts; downstream JSON-RPC errors pass as-is.
 */
import { SseError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { GatewayError, stripMcpPrefix } from '../errors.js';
import { MessageTooLargeError } from './capped-fetch.js';
import { isNotConnected, isReconnectGiveUp, localTimeoutOf } from './sdk-seams.js';
import { httpStatusOf, type ChildExit } from './transports.js';

/** `exited with code 1` / `was killed by SIGKILL`, or undefined while it runs. */
export function describeExit(exit: ChildExit | undefined): string | undefined {
  if (!exit) return undefined;
  return exit.signal !== null ? `was killed by ${exit.signal}` : `exited with code ${exit.code ?? '?'}`;
}

/** One line about a failed start: the timeout, the exit, the HTTP status, or the error's message. */
export function describeStartFailure(
  error: unknown,
  facts: { connectTimeout: number; timedOut: boolean; stopped: boolean; exit: ChildExit | undefined; target: string },
): string {
  if (facts.stopped) return 'stopped while connecting';
  if (facts.timedOut) return `did not get ready within ${facts.connectTimeout} ms (connect, initialize and first listing)`;
  const exit = describeExit(facts.exit);
  if (exit) return `the server process ${exit} before it was ready`;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'EACCES') return `cannot run ${facts.target} (${code}); check \`command\` and PATH`;
  const unreachable = networkCause(error);
  if (unreachable !== undefined) return `cannot reach ${facts.target} (${unreachable}); is the server running?`;
  const status = httpStatusOf(error);
  const message = stripMcpPrefix(error instanceof Error ? error.message : String(error));
  return status !== undefined && !message.includes(String(status)) ? `HTTP ${status} from ${facts.target}: ${message}` : message;
}

/** `connect ECONNREFUSED …` for fetch's opaque "fetch failed", or undefined for other errors. */
function networkCause(error: unknown): string | undefined {
  if (!(error instanceof TypeError) || error.message !== 'fetch failed') return undefined;
  const cause = error.cause;
  return cause instanceof Error ? cause.message : 'network error';
}

/** Whether the SDK rejected the request because the connection went away. */
function isConnectionLoss(error: unknown): boolean {
  if (error instanceof SdkError) return error.code === SdkErrorCode.ConnectionClosed;
  return isNotConnected(error) || isBrokenPipe(error);
}

/** Writing to a child that is gone (EPIPE and friends). */
function isBrokenPipe(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ECONNRESET' || code === 'ERR_STREAM_DESTROYED' || code === 'ERR_STREAM_WRITE_AFTER_END';
}

export interface RequestFailureFacts {
  serverId: string;
  method: string;
  timeout: number;
  maxTotalTimeout: number;
  /** The connection the request went out on is no longer the live one. */
  connectionLost: boolean;
  /** Why, when `connectionLost`. */
  reason: string | undefined;
  signal: AbortSignal | undefined;
}

/** The error a relayed request rejects with. */
export function translateRequestError(error: unknown, facts: RequestFailureFacts): unknown {
  const { serverId, method } = facts;
  // The caller cancelled: the SDK reports that as a -32001 "timeout", which it is not.
  if (facts.signal?.aborted) return facts.signal.reason ?? error;
  const timedOut = localTimeoutOf(error);
  if (timedOut !== undefined) {
    const { total } = timedOut;
    const message = total
      ? `server "${serverId}" did not finish ${method} within ${facts.maxTotalTimeout} ms in total`
      : `server "${serverId}" did not answer ${method} within ${facts.timeout} ms`;
    return new GatewayError('REQUEST_TIMEOUT', message, { serverId, method, timeout: total ? facts.maxTotalTimeout : facts.timeout, total }, { cause: error });
  }
  if (error instanceof MessageTooLargeError) {
    return new GatewayError(
      'CONNECTION_CLOSED',
      `server "${serverId}": the response to ${method} ${error.message}`,
      { serverId, method, limit: error.limit },
      { cause: error },
    );
  }
  const unreachable = networkCause(error);
  if (unreachable !== undefined || httpStatusOf(error) !== undefined) {
    const detail = unreachable ?? (error as Error).message;
    return new GatewayError('CONNECTION_CLOSED', `server "${serverId}" could not be reached for ${method} (${detail})`, { serverId, method }, { cause: error });
  }
  if ((facts.connectionLost && isConnectionLoss(error)) || isBrokenPipe(error)) {
    const why = facts.reason ? ` (${facts.reason})` : '';
    return new GatewayError(
      'CONNECTION_CLOSED',
      `server "${serverId}" closed the connection while handling ${method}${why}`,
      { serverId, method },
      { cause: error },
    );
  }
  return error;
}

export function unavailableError(serverId: string, state: string, lastError: string | undefined): GatewayError {
  const why = lastError ? `: ${lastError}` : '';
  return new GatewayError('SERVER_UNAVAILABLE', `server "${serverId}" is not connected (state ${state}${why})`, { serverId, state });
}

export function overloadedError(serverId: string, facts: { inFlight: number; queued: number; maxConcurrency: number; maxQueue: number }): GatewayError {
  return new GatewayError(
    'OVERLOADED',
    `server "${serverId}" is overloaded: ${facts.inFlight} requests in flight (maxConcurrency ${facts.maxConcurrency}) and ${facts.queued} waiting (maxQueue ${facts.maxQueue}); try again later`,
    { serverId, ...facts },
  );
}

/**
 * Whether `error` (from a request or the transport) means the connection as a whole is lost, and
 * why: a message over the cap, a remote session the server forgot (404, re-initialized at once),
 * an unreachable remote, an event stream that could not be re-established.
 */
export function lossOf(error: unknown, maxMessageBytes: number): { reason: string; immediate?: boolean } | undefined {
  for (let cause: unknown = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    if (cause instanceof MessageTooLargeError || cause.message.includes('(maxMessageBytes)')) {
      return { reason: `response exceeds ${maxMessageBytes} bytes (maxMessageBytes)` };
    }
  }
  if (isBrokenPipe(error)) return { reason: `writing to the server failed (${(error as NodeJS.ErrnoException).code ?? 'EPIPE'})` };
  if (error instanceof SseError) return { reason: `the event stream failed (${error.message})` };
  if (httpStatusOf(error) === 404) return { reason: 'the server no longer knows the session (HTTP 404)', immediate: true };
  const unreachable = networkCause(error);
  if (unreachable !== undefined) return { reason: `the server could not be reached (${unreachable})` };
  if (isReconnectGiveUp(error)) {
    return { reason: `the event stream dropped and could not be re-established (${(error as Error).message})` };
  }
  return undefined;
}

/** An OAuth server whose tokens are gone or refused: an operator must run `login` (see src/oauth). */
export function needsLogin(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    if ((cause as { code?: unknown }).code === 'NEEDS_LOGIN') return true;
  }
  return false;
}
