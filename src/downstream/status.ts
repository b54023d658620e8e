/**
 * The facts `status()` reports about one connection, gathered in one shape for the CLI `status`
 * command, the gateway's status resource and the HTTP `/status` route. Nothing secret goes in:
 * errors are already redacted, header values never appear.
 */
import type { Client, ServerCapabilities } from '@modelcontextprotocol/client';
import type { ServerEntry } from '../config/schema.js';
import type { ServerLists } from './lists.js';
import type { ConnectionLimits } from './policy.js';
import type { RestartSupervisor } from './supervisor.js';
import type { CreatedTransport, TransportKind } from './transports.js';
import type { ConnectionState, ConnectionStatus, LastExit } from './types.js';

export interface StatusFacts {
  entry: ServerEntry;
  limits: ConnectionLimits;
  state: ConnectionState;
  transport: TransportKind;
  /** Pid of the current child, if it is still running. */
  pid: number | undefined;
  lastError: string | undefined;
  stderrTail: string[];
  /** The live client, while ready. */
  client: Client | undefined;
  /** While asleep: the capabilities of its snapshot, and when it was taken (ms since the epoch). */
  remembered?: { capabilities: ServerCapabilities; at: number };
  /** The protocol revision the live attempt speaks. */
  protocolVersion: string | undefined;
  lists: ServerLists;
  readyAfterMs: number | undefined;
  readySince: number | undefined;
  lastExit: LastExit | undefined;
  supervisor: Pick<RestartSupervisor, 'restarts' | 'failures' | 'breaker' | 'nextAttemptAt'>;
  queue: { inFlight: number; queued: number };
  dropped: { lines: number; responses: number; overloaded: number };
}

export function buildStatus(facts: StatusFacts): ConnectionStatus {
  const { entry, client, lists, supervisor } = facts;
  const optional = {
    ...(facts.pid !== undefined ? { pid: facts.pid } : {}),
    ...(facts.lastError !== undefined ? { lastError: facts.lastError } : {}),
    ...(entry.missingEnv !== undefined ? { missingEnv: entry.missingEnv } : {}),
    ...(client ? { serverInfo: client.getServerVersion(), capabilities: client.getServerCapabilities(), instructions: client.getInstructions() } : {}),
    ...(facts.remembered ? { capabilities: facts.remembered.capabilities, snapshotAt: new Date(facts.remembered.at).toISOString() } : {}),
    ...(facts.protocolVersion !== undefined ? { protocolVersion: facts.protocolVersion } : {}),
    ...(facts.readyAfterMs !== undefined ? { readyAfterMs: facts.readyAfterMs } : {}),
    ...(facts.readySince !== undefined ? { readySince: new Date(facts.readySince).toISOString() } : {}),
    ...(supervisor.nextAttemptAt !== undefined ? { nextRestartAt: new Date(supervisor.nextAttemptAt).toISOString() } : {}),
    ...(facts.lastExit ? { lastExit: facts.lastExit } : {}),
  };
  return {
    serverId: entry.id,
    state: facts.state,
    transport: facts.transport,
    stderrTail: facts.stderrTail,
    tools: lists.tools.length,
    prompts: lists.prompts.length,
    resources: lists.resources.length,
    resourceTemplates: lists.resourceTemplates.length,
    restarts: supervisor.restarts,
    failures: supervisor.failures,
    breaker: supervisor.breaker,
    inFlight: facts.queue.inFlight,
    queued: facts.queue.queued,
    overloaded: facts.dropped.overloaded,
    droppedLines: facts.dropped.lines,
    droppedResponses: facts.dropped.responses,
    limits: {
      maxConcurrency: entry.maxConcurrency,
      maxQueue: facts.limits.maxQueue,
      maxMessageBytes: facts.limits.maxMessageBytes,
      timeout: entry.timeout,
      maxTotalTimeout: entry.maxTotalTimeout,
      connectTimeout: entry.connectTimeout,
    },
    ...optional,
  };
}

/** Ready, or asleep: advertised, and requests reach it (an asleep server is started by the first that needs it). */
export function isServing(state: string | undefined): boolean {
  return state === 'ready' || state === 'asleep';
}

/** The pid of the transport's child while it runs. */
export function livePid(created: CreatedTransport | undefined): number | undefined {
  const child = created?.child();
  return child && child.exitCode === null && child.signalCode === null ? child.pid : undefined;
}
