/**
 * One downstream MCP server: its lifecycle (see `ConnectionState`), its queue, its lists.
 *
 * `start()` and `stop()` are serialized by one lock and idempotent; `stop()` aborts a start in
 * progress and cancels any scheduled restart, and a stopped connection goes `stopping → stopped`,
 * never through `failed`. A crash, a lost remote session or an oversized message fails the
 * requests in flight at once (never replayed) and hands the connection to the supervisor, which
 * restarts it with back-off; lists are fetched again before it is `ready` and routed to.
 */
import { EventEmitter } from 'eventemitter3';
import PQueue from 'p-queue';
import type { ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import { describeMissingEnv } from '../config/errors.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { GatewayError } from '../errors.js';
import { connectClient, listEverything, teardown, type Active } from './attempt.js';
import { describeExit, describeStartFailure, needsLogin, lossOf, overloadedError, unavailableError } from './failures.js';
import { emptyLists, type LooseResult, type ServerLists } from './lists.js';
import { ListRefresher } from './list-refresher.js';
import { LivenessMonitor } from './liveness.js';
import { limitsOf, type ConnectionLimits } from './policy.js';
import { relay } from './relay.js';
import { StderrTail } from './stderr-tail.js';
import { buildStatus, livePid } from './status.js';
import { RestartSupervisor } from './supervisor.js';
import { describeTarget, transportAttempts, type CreatedTransport, type TransportKind } from './transports.js';
import type { ConnectionEvents, ConnectionOptions, ConnectionState, ConnectionStatus, LastExit, RelayOptions, ServerSnapshot } from './types.js';

/** Quiet time before a liveness ping when an entry does not say (hand-built entries). */
const DEFAULT_PING_INTERVAL = 60_000;
/** Longest a liveness ping may take (less when the server's request timeout is shorter). */
const PING_TIMEOUT = 10_000;

export class DownstreamConnection extends EventEmitter<ConnectionEvents> {
  readonly id: string;
  readonly limits: ConnectionLimits;
  private currentState: ConnectionState = 'idle';
  private transportKind: TransportKind;
  /** The live client; set only while `ready`. */
  private active: Active | undefined;
  /** The transport being connected or live (for its pid). */
  private current: CreatedTransport | undefined;
  private lists: ServerLists = emptyLists();
  private failure: string | undefined;
  private readyAfterMs: number | undefined;
  private readySince: number | undefined;
  private lastExit: LastExit | undefined;
  private dropped = { lines: 0, responses: 0, overloaded: 0 };
  private readonly tail: StderrTail;
  private readonly queue: PQueue;
  private readonly log: Logger;
  private readonly refresher: ListRefresher;
  private readonly supervisor: RestartSupervisor;
  /** start / stop / restarts, one at a time, in order. */
  private readonly lifecycle = new PQueue({ concurrency: 1 });
  private startAbort: AbortController | undefined;
  /** `stop()` was called and no `start()` since: no restarts, an aborted start is not a failure. */
  private stopRequested = false;
  /** Teardown of a connection that closed on its own (awaited by the next start or stop). */
  private closing: Promise<void> | undefined;
  /** Watches the ready attempt (see liveness.ts). */
  private liveness: LivenessMonitor | undefined;

  constructor(
    readonly entry: ServerEntry,
    private readonly options: ConnectionOptions,
    logger: Logger,
  ) {
    super();
    this.id = entry.id;
    this.log = logger.child(entry.id);
    this.limits = limitsOf(entry);
    this.transportKind = transportAttempts(entry)[0] ?? 'stdio';
    this.tail = new StderrTail({ onLine: (line) => this.log.debug(`stderr: ${line}`) });
    this.queue = new PQueue({ concurrency: entry.maxConcurrency });
    this.refresher = new ListRefresher({
      client: () => (this.currentState === 'ready' ? this.active?.client : undefined),
      lists: () => this.lists,
      onChanged: () => this.emit('lists'),
      timeout: entry.timeout,
      logger: this.log,
    });
    this.supervisor = new RestartSupervisor({
      policy: this.limits.restart,
      logger: this.log,
      attempt: () => void this.serialize(() => this.doStart('retry')),
    });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /**
   * Connect, initialize and list everything, within `connectTimeout`. Never rejects: resolves
   * once this first attempt has settled (`ready`, or `restarting` / `failed`: see `state`).
   */
  start(): Promise<void> {
    this.stopRequested = false;
    return this.serialize(() => this.doStart('start'));
  }

  /** Close the connection and make sure its process group is gone. Aborts a start in progress. */
  stop(): Promise<void> {
    this.stopRequested = true;
    this.supervisor.cancel();
    this.startAbort?.abort(new Error('stopped'));
    return this.serialize(() => this.doStop());
  }

  /** Stop, forget past failures (closing the breaker), start. */
  async restart(): Promise<void> {
    await this.stop();
    this.supervisor.reset();
    await this.start();
  }

  /** Relay one request. Rejects with `GatewayError` for local failures, `McpError` for the server's own errors. */
  async request(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions = {}): Promise<LooseResult> {
    if (this.currentState !== 'ready') throw this.unavailable();
    if (this.queue.pending >= this.entry.maxConcurrency && this.queue.size >= this.limits.maxQueue) {
      this.dropped.overloaded++;
      throw overloadedError(this.id, {
        inFlight: this.queue.pending,
        queued: this.queue.size,
        maxConcurrency: this.entry.maxConcurrency,
        maxQueue: this.limits.maxQueue,
      });
    }
    return this.queue.add(() => this.send(method, params, opts), opts.signal ? { signal: opts.signal } : {});
  }

  /** Send a notification down (e.g. `notifications/roots/list_changed`). Dropped when not ready. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.active?.client.notification({ method, ...(params ? { params } : {}) });
  }

  status(): ConnectionStatus {
    const { current } = this;
    return buildStatus({
      ...{ entry: this.entry, limits: this.limits, state: this.currentState, transport: this.transportKind, pid: livePid(current) },
      ...{ lastError: this.lastError(), stderrTail: this.tail.lines(), client: this.active?.client, lists: this.lists },
      ...{ readyAfterMs: this.readyAfterMs, readySince: this.readySince, lastExit: this.lastExit, supervisor: this.supervisor },
      queue: { inFlight: this.queue.pending, queued: this.queue.size },
      dropped: {
        lines: this.dropped.lines + (current?.droppedLines() ?? 0),
        responses: this.dropped.responses + (current?.transport.droppedResponses ?? 0),
        overloaded: this.dropped.overloaded,
      },
    });
  }

  /** What the server offers, as it listed it; undefined unless `ready`. */
  snapshot(): ServerSnapshot | undefined {
    if (this.currentState !== 'ready') return undefined;
    return { serverId: this.id, ...this.lists };
  }

  private lastError(): string | undefined {
    if (this.failure === undefined) return undefined;
    const stderr = this.tail.describe();
    return stderr ? `${this.failure}; stderr: ${stderr}` : this.failure;
  }

  private unavailable(): GatewayError {
    return unavailableError(this.id, this.currentState, this.lastError());
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    return this.lifecycle.add(task);
  }

  private setState(next: ConnectionState): void {
    const previous = this.currentState;
    if (previous === next) return;
    this.currentState = next;
    this.log.debug(`${previous} → ${next}`);
    this.emit('state', next, previous);
  }

  private async doStart(trigger: 'start' | 'retry'): Promise<void> {
    if (this.stopRequested || this.currentState === 'ready') return;
    if (trigger === 'start' && this.currentState === 'restarting') return;
    await this.closing;
    this.supervisor.cancel();
    if (this.entry.missingEnv !== undefined) {
      // Nothing to retry until the catalog changes: the entry is replaced on reload.
      this.failure = describeMissingEnv(this.entry.missingEnv);
      this.log.warn(this.failure);
      this.setState('failed');
      return;
    }
    const abort = new AbortController();
    this.startAbort = abort;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new Error(`connect timeout (${this.entry.connectTimeout} ms)`));
    }, this.entry.connectTimeout);
    const startedAt = performance.now();
    this.retire();
    this.setState('connecting');
    let attempt: Active | undefined;
    try {
      const connected = await connectClient(this.entry, this.options, this.hooks(), abort.signal);
      attempt = connected.active;
      this.transportKind = connected.kind;
      const lists = await listEverything(attempt, this.entry, this.log, abort.signal);
      this.lists = lists;
      this.active = attempt;
      this.failure = undefined;
      this.readyAfterMs = Math.round(performance.now() - startedAt);
      this.readySince = Date.now();
      this.setState('ready');
      this.watchLiveness(attempt);
      this.supervisor.ready();
      this.log.info('ready', { transport: this.transportKind, tools: lists.tools.length, ms: this.readyAfterMs });
      this.emit('lists');
      this.refresher.kick();
    } catch (error) {
      if (attempt) await teardown(attempt, this.log);
      this.noteExit(attempt?.created ?? this.current);
      // A start aborted by stop() is not a failure: doStop() takes it from `connecting`.
      if (this.stopRequested) return;
      this.failure = describeStartFailure(error, {
        connectTimeout: this.entry.connectTimeout,
        timedOut,
        stopped: false,
        exit: attempt?.created.exit() ?? this.current?.exit(),
        target: describeTarget(this.entry),
      });
      if (needsLogin(error)) {
        this.supervisor.needsLogin(`needs a login: ${this.failure}`);
        this.setState('needs-login');
      } else {
        this.setState(this.supervisor.failed(`failed to start: ${this.lastError() ?? ''}`).next);
      }
    } finally {
      clearTimeout(timer);
      this.startAbort = undefined;
    }
  }

  private hooks() {
    return {
      logger: this.log,
      maxMessageBytes: this.limits.maxMessageBytes,
      onTransport: (created: CreatedTransport) => {
        this.retire();
        this.current = created;
        if (created.stderr) this.tail.attach(created.stderr);
      },
      onClose: (active: Active) => this.lose(active, undefined),
      onListChanged: (method: string) => this.refresher.notify(method),
      onNotification: (notification: ServerNotification) => this.emit('notification', notification),
      onOversize: (active: Active, bytes: number) =>
        this.lose(active, { reason: `a message of more than ${bytes} bytes arrived: response exceeds ${this.limits.maxMessageBytes} bytes (maxMessageBytes)` }),
      onTransportError: (active: Active, error: Error) => {
        this.log.debug(`transport: ${error.message}`);
        const loss = lossOf(error, this.limits.maxMessageBytes);
        if (loss) this.lose(active, loss);
      },
    };
  }

  /** Keep the counters of a transport that is being replaced. */
  private retire(): void {
    if (!this.current) return;
    this.dropped.lines += this.current.droppedLines();
    this.dropped.responses += this.current.transport.droppedResponses;
    this.current = undefined;
  }

  private noteExit(created: CreatedTransport | undefined): void {
    const exit = created?.exit();
    if (exit) this.lastExit = { code: exit.code, signal: exit.signal, at: new Date().toISOString() };
  }

  private async send(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions): Promise<LooseResult> {
    const active = this.active;
    if (!active || this.currentState !== 'ready') throw this.unavailable();
    const liveness = this.liveness;
    try {
      const result = await relay(
        active,
        { method, params, opts, entry: this.entry, maxMessageBytes: this.limits.maxMessageBytes },
        {
          isLive: () => this.active === active,
          reason: () => this.lastError(),
          onLoss: (loss) => this.lose(active, loss),
        },
      );
      liveness?.alive();
      return result;
    } catch (error) {
      if ((error as GatewayError).code === 'REQUEST_TIMEOUT') liveness?.timedOut();
      else if (typeof (error as { code?: unknown }).code === 'number') liveness?.alive(); // the server's own error: it answered
      throw error;
    }
  }

  /** Pings `attempt` when it goes quiet or keeps timing out; no reply loses it (and so restarts it). */
  private watchLiveness(attempt: Active): void {
    this.liveness?.stop();
    this.liveness = new LivenessMonitor({
      intervalMs: this.entry.pingInterval ?? DEFAULT_PING_INTERVAL,
      timeoutMs: Math.min(PING_TIMEOUT, this.entry.timeout),
      afterTimeouts: 2,
      ping: (timeout) => attempt.client.ping({ timeout }),
      onDead: (reason) => {
        this.log.warn(reason);
        this.lose(attempt, { reason, immediate: true });
      },
    });
  }

  /**
   * The live connection is gone (closed on its own, or given up on for `loss.reason`): requests in
   * flight fail now, the lists go, the supervisor decides when to try again.
   */
  private lose(active: Active, loss: { reason: string; immediate?: boolean } | undefined): void {
    if (this.active !== active) return;
    this.liveness?.stop();
    this.liveness = undefined;
    this.active = undefined;
    this.readySince = undefined;
    this.noteExit(active.created);
    const exit = describeExit(active.created.exit());
    this.failure = loss?.reason ?? (exit ? `the server process ${exit}` : 'the connection closed unexpectedly');
    this.lists = emptyLists();
    this.closing = teardown(active, this.log);
    if (this.stopRequested) {
      this.setState('stopping');
    } else {
      this.setState(this.supervisor.failed(this.lastError() ?? this.failure, { immediate: loss?.immediate === true }).next);
    }
    this.emit('lists');
  }

  private async doStop(): Promise<void> {
    await this.closing;
    this.supervisor.cancel();
    const active = this.active;
    const wasReady = this.currentState === 'ready';
    this.liveness?.stop();
    this.liveness = undefined;
    if (active || this.currentState === 'connecting') this.setState('stopping');
    this.active = undefined;
    this.readySince = undefined;
    if (active) await teardown(active, this.log);
    this.retire();
    this.lists = emptyLists();
    this.setState('stopped');
    if (wasReady) this.emit('lists');
  }
}
