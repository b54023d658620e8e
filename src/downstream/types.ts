/**
 * The downstream room's contract: one connection per catalog entry, and the pool that owns them.
 */
import type { ClientCapabilities, Implementation, ServerCapabilities, ServerNotification, ServerRequest } from '@modelcontextprotocol/server';
import type { ServerSnapshot } from '../registry/types.js';
import type { EraStore } from './era-store.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { TransportFactory } from './transports/factory.js';

/**
 * Lifecycle of one downstream connection.
 *
 * ```
 * idle ─start─▶ connecting ─▶ ready ─(crash, remote lost, oversized message)─▶ restarting ─(back-off)─▶ connecting
 *                   │                                                            ▲
 *                   └──(start failed)──────────────────────────────────────────┘ (same back-off)
 * connecting ─(OAuth login missing or refused)─▶ needs-login ─(every 5 s, locally)─▶ connecting
 * restarting / connecting ─(breaker opens after maxRetries)─▶ failed ─(cooldown)─▶ connecting
 * any ─stop─▶ stopping ─▶ stopped ─start─▶ connecting
 *
 * servers that may sleep (start: lazy, idleTimeout):
 * (constructed, lazy, snapshot stored) asleep ─(a request that needs it)─▶ connecting ─▶ ready
 * ready ─(idleTimeout with nothing in flight)─▶ stopping ─▶ asleep
 * stopped ─start─▶ asleep (lazy, snapshot known)
 * ```
 * Requests go to `ready`; a request to `asleep` starts it first. `asleep` is advertised from the
 * server's last snapshot. `failed` means the breaker is open (or restarts are disabled).
 */
export type ConnectionState = 'idle' | 'asleep' | 'connecting' | 'ready' | 'restarting' | 'needs-login' | 'failed' | 'stopping' | 'stopped';

/** How the last child process ended. */
export interface LastExit {
  code: number | null;
  signal: string | null;
  /** ISO time. */
  at: string;
}

/** Facts about one connection, for `status`, `list` and error messages. */
export interface ConnectionStatus {
  serverId: string;
  state: ConnectionState;
  transport: 'stdio' | 'streamable-http' | 'sse';
  pid?: number;
  /** Human-readable, secrets redacted. */
  lastError?: string;
  /** Unset `${VAR}` references that keep this server from starting (state `failed`). */
  missingEnv?: string[];
  /** Last lines the child wrote to stderr (bounded). */
  stderrTail: string[];
  serverInfo?: Implementation;
  /** The protocol revision spoken to it (`2025-11-25`, `2026-07-28`), while ready. */
  protocolVersion?: string;
  capabilities?: ServerCapabilities;
  instructions?: string;
  tools: number;
  prompts: number;
  resources: number;
  resourceTemplates: number;
  /** ms from start() to ready, when ready was reached. */
  readyAfterMs?: number;
  /** Attempts made after a failure, over the connection's life. */
  restarts: number;
  /** Consecutive failures (crashes, failed starts) since it was last stable. */
  failures: number;
  /** `open` after `maxRetries` consecutive failures: no attempt until the cooldown passes. */
  breaker: 'closed' | 'open' | 'half-open';
  /** ISO time of the next scheduled attempt, while `restarting` (or `failed` with a cooldown). */
  nextRestartAt?: string;
  /** How the last child process ended (stdio). */
  lastExit?: LastExit;
  /** ISO time it last became ready. */
  readySince?: string;
  /** While `asleep`: ISO time of the snapshot it is advertised from (counts and capabilities are that snapshot's). */
  snapshotAt?: string;
  /** Requests being handled by the server right now, and waiting for a slot. */
  inFlight: number;
  queued: number;
  /** Requests refused as OVERLOADED since start. */
  overloaded: number;
  /** Stdout lines that were not JSON-RPC, dropped (stdio), over the connection's life. */
  droppedLines: number;
  /** Responses with an unusable id (`id: null`), dropped. */
  droppedResponses: number;
  /** The limits in force. */
  limits: { maxConcurrency: number; maxQueue: number; maxMessageBytes: number; timeout: number; maxTotalTimeout: number; connectTimeout: number };
}

/** Options of one relayed request. */
export interface RelayOptions {
  /** Aborting sends `notifications/cancelled` downstream with the downstream's own id. */
  signal?: AbortSignal;
  /** Per-request deadline in ms (overrides the server's configured timeout). */
  timeout?: number;
  /** Called for every downstream progress notification of this request. */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** A 2026-07-28 server's `input_required` is returned as the result instead of being fulfilled by the client's handlers. */
  allowInputRequired?: boolean;
}

/**
 * Server→client requests from a downstream (sampling, elicitation, roots). The pool hands them to
 * this hook together with the id of the server that asked; the upstream decides which host session
 * answers.
 */
export type ServerRequestHook = (serverId: string, request: ServerRequest, extra: { signal: AbortSignal }) => Promise<unknown>;

export interface PoolEvents {
  /** The set of tools / prompts / resources / templates a server offers changed (including connect and loss). */
  lists: [serverId: string];
  state: [serverId: string, state: ConnectionState, previous: ConnectionState];
  /** A notification a downstream sent that the upstream may relay (logging, resources/updated, …). */
  notification: [serverId: string, notification: ServerNotification];
}

export interface PoolOptions {
  clientInfo: Implementation;
  /** Capabilities the downstream clients advertise. @default {} */
  clientCapabilities?: ClientCapabilities;
  onServerRequest?: ServerRequestHook;
  /** How transports are made (the composition root passes OAuth in here). @default defaultTransportFactory() */
  transports?: TransportFactory;
  /**
   * Learn, after each start, which tools a server lists only to clients with one of the features
   * in `clientCapabilities` (extra short-lived connections; see capability-probe.ts). For
   * connections shared by hosts of different capabilities. @default false
   */
  probeToolNeeds?: boolean;
  /** Era verdicts kept between runs (see era-store.ts). @default none: verdicts live as long as the process */
  eras?: EraStore;
  /** Snapshots of servers that may sleep, kept between runs (see snapshot-store.ts). @default none: a lazy server is started once per run to learn its lists */
  snapshots?: SnapshotStore;
}

export type { ServerSnapshot };

/** Events of one `DownstreamConnection` (the pool re-emits them with the server id). */
export interface ConnectionEvents {
  /** Its tools / prompts / resources / templates changed (including connect and loss). */
  lists: [];
  state: [state: ConnectionState, previous: ConnectionState];
  notification: [notification: ServerNotification];
}

/** Options of one `DownstreamConnection`: the pool's options, shared by all its connections. */
export type ConnectionOptions = PoolOptions;
