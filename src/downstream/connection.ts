/**
 * One downstream MCP server: its lifecycle (see `ConnectionState`), its queue, its lists.
 *
 * `start()` and `stop()` are serialized by one lock and idempotent; `stop()` aborts a start in
 * progress and cancels any scheduled restart, and a stopped connection goes `stopping → stopped`,
 * never through `failed`. A crash, a lost remote session or an oversized message fails the
 * requests in flight at once (never replayed) and hands the connection to the supervisor, which
 * restarts it with back-off; lists are fetched again before it is `ready` and routed to.
 *
 * A server that may sleep (`start: lazy`, an `idleTimeout`) is `asleep` while it is advertised from
 * its last snapshot with no process behind it: a lazy one from construction when a snapshot of the
 * same configuration is stored (see snapshot-store.ts), any of them after `idleTimeout` with nothing
 * in flight. The first request that needs it starts it (waiting within that request's timeout); the
 * ones that do not (`logging/setLevel`, `resources/unsubscribe`) are answered without a start.
 */
import { EventEmitter } from 'eventemitter3';
import PQueue from 'p-queue';
import { describeMissingEnv } from '../config/errors.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { GatewayError } from '../errors.js';
import { Attempt } from './attempt.js';
import { probeToolNeeds, type ToolNeeds } from './capability-probe.js';
import { EraMemory } from './era.js';
import { verdictKey } from './era-store.js';
import { needsLogin, overloadedError, unavailableError } from './failures.js';
import { emptyLists, type LooseResult, type ServerLists } from './lists.js';
import { ListRefresher } from './list-refresher.js';
import { limitsOf, type ConnectionLimits } from './policy.js';
import { buildStatus } from './status.js';
import { Sleep } from './sleep.js';
import { RestartSupervisor } from './supervisor.js';
import { transportAttempts } from './transports.js';
import type { ConnectionEvents, ConnectionOptions, ConnectionState, ConnectionStatus, LastExit, RelayOptions, ServerSnapshot } from './types.js';
import { HEADER_MISMATCH } from './param-headers.js';

/** Why the connection is not ready, and the attempt whose stderr explains it. */
interface Failure {
  text: string;
  attempt: Attempt | undefined;
}

export class DownstreamConnection extends EventEmitter<ConnectionEvents> {
  readonly id: string;
  readonly limits: ConnectionLimits;
  private currentState: ConnectionState = 'idle';
  /** The most recent attempt, live or ended: its pid, stderr and counters are what `status` shows. */
  private attempt: Attempt | undefined;
  /** The attempt requests go to; set only while `ready`. */
  private live: Attempt | undefined;
  private lists: ServerLists = emptyLists();
  private toolIndex: { tools: ServerLists['tools']; byName: Map<string, unknown> } | undefined;
  /** Which listed tools need a client feature (learned by the probe after each start; see capability-probe.ts). */
  private needs: ToolNeeds = {};
  /** Aborts the capability probe in progress (stop()). */
  private probing: AbortController | undefined;
  private failure: Failure | undefined;
  private readyAfterMs: number | undefined;
  /** The server's protocol era, remembered across its attempts. */
  private readonly era: EraMemory;
  private readySince: number | undefined;
  private lastExit: LastExit | undefined;
  /** Counters of attempts that are over. */
  private dropped = { lines: 0, responses: 0, overloaded: 0 };
  private readonly queue: PQueue;
  private readonly log: Logger;
  private readonly refresher: ListRefresher;
  private readonly supervisor: RestartSupervisor;
  /** start / stop / restarts, one at a time, in order. */
  private readonly lifecycle = new PQueue({ concurrency: 1 });
  /** `stop()` was called and no `start()` since: no restarts, an aborted start is not a failure. */
  private stopRequested = false;
  /** Teardown of an attempt that was lost (awaited by the next start or stop). */
  private closing: Promise<void> | undefined;
  /** Lazy start and idle stop: the remembered snapshot, the idle timer, the on-demand start. */
  private readonly sleep: Sleep;

  constructor(
    readonly entry: ServerEntry,
    private readonly options: ConnectionOptions,
    logger: Logger,
  ) {
    super();
    this.id = entry.id;
    this.log = logger.child(entry.id);
    this.limits = limitsOf(entry);
    this.era = new EraMemory(entry.era ?? 'legacy', Date.now, options.eras && { store: options.eras, key: verdictKey(entry) });
    this.queue = new PQueue({ concurrency: entry.maxConcurrency });
    this.refresher = new ListRefresher({
      client: () => (this.currentState === 'ready' ? this.live?.client : undefined),
      lists: () => this.lists,
      onChanged: () => {
        this.remember(this.live);
        this.emit('lists');
      },
      timeout: entry.timeout,
      logger: this.log,
      filterTools: () => this.live?.filterTools,
    });
    this.supervisor = new RestartSupervisor({
      policy: this.limits.restart,
      logger: this.log,
      attempt: () => void this.serialize(() => this.doStart('retry')),
    });
    this.sleep = new Sleep(entry, options.snapshots, this.log, () => void this.serialize(() => this.doIdleStop()));
    if (this.sleep.recall()) this.currentState = 'asleep';
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /**
   * Connect, initialize and list everything, within `connectTimeout`. Never rejects: resolves
   * once this first attempt has settled (`ready`, or `restarting` / `failed`: see `state`). A lazy
   * server with a snapshot is not started: it stays (or goes back to) `asleep`.
   */
  start(): Promise<void> {
    this.stopRequested = false;
    return this.serialize(() => this.doStart('start'));
  }

  /** Close the connection and make sure its process group is gone. Aborts a start in progress. */
  stop(): Promise<void> {
    this.stopRequested = true;
    this.supervisor.cancel();
    if (this.currentState === 'connecting') this.attempt?.abort(new Error('stopped'));
    this.probing?.abort(new Error('stopped'));
    return this.serialize(() => this.doStop());
  }

  /** Stop, forget past failures (closing the breaker), start. */
  async restart(): Promise<void> {
    await this.stop();
    this.supervisor.reset();
    await this.start();
  }

  /**
   * Relay one request, starting an asleep server first. Rejects with `GatewayError` for local
   * failures, `ProtocolError` for the server's own errors.
   */
  async request(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions = {}): Promise<LooseResult> {
    this.sleep.idle.begin();
    try {
      let options = opts;
      if (this.sleep.needsStart(this.currentState)) {
        if (this.sleep.answersAsleep(method)) return {};
        const start = () => this.serialize(() => this.doStart('wake'));
        options = await this.sleep.wake(opts, start, () => ({ state: this.currentState, lastError: this.lastError() }));
      }
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
      const result = await this.queue.add(() => this.send(method, params, options), options.signal ? { signal: options.signal } : {});
      this.sleep.track(method, params);
      return result;
    } finally {
      this.sleep.idle.end();
    }
  }

  /** Send a notification down (e.g. `notifications/roots/list_changed`). Dropped when not ready. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.live?.notify(method, params);
  }

  /** Whether the live connection speaks the 2026-07-28 era; false while not connected. */
  get modern(): boolean {
    return this.live?.modern === true;
  }

  status(): ConnectionStatus {
    const { attempt } = this;
    const asleep = this.currentState === 'asleep' ? this.sleep.remembered : undefined;
    const transport = attempt?.kind ?? transportAttempts(this.entry)[0] ?? 'stdio';
    return buildStatus({
      ...{ entry: this.entry, limits: this.limits, state: this.currentState, transport, pid: attempt?.pid() },
      ...{ lastError: this.lastError(), stderrTail: attempt?.stderr.lines() ?? [], client: this.live?.client, lists: asleep?.lists ?? this.lists },
      ...(asleep && { remembered: { capabilities: asleep.capabilities, at: asleep.at } }),
      protocolVersion: this.live?.protocolVersion,
      ...{ readyAfterMs: this.readyAfterMs, readySince: this.readySince, lastExit: this.lastExit, supervisor: this.supervisor },
      queue: { inFlight: this.queue.pending, queued: this.queue.size },
      dropped: {
        lines: this.dropped.lines + (attempt?.droppedLines() ?? 0),
        responses: this.dropped.responses + (attempt?.droppedResponses() ?? 0),
        overloaded: this.dropped.overloaded,
      },
    });
  }

  /** What the server offers, as it listed it; undefined unless `ready`, or `asleep` (its last snapshot). */
  snapshot(): ServerSnapshot | undefined {
    const { remembered } = this.sleep;
    // What the probe learned last (this process) still says who is offered what while the server sleeps.
    const needs = Object.keys(this.needs).length > 0 ? { toolNeeds: this.needs } : {};
    if (this.currentState === 'asleep' && remembered) return { serverId: this.id, ...remembered.lists, ...needs };
    if (this.currentState !== 'ready') return undefined;
    return { serverId: this.id, ...this.lists, ...needs };
  }

  /** Keeps what the live attempt lists now (for a server that may sleep). */
  private remember(attempt: Attempt | undefined): void {
    if (attempt) this.sleep.remember(attempt.client?.getServerCapabilities() ?? {}, this.lists);
  }

  private lastError(): string | undefined {
    if (this.failure === undefined) return undefined;
    const stderr = this.failure.attempt?.stderr.describe();
    return stderr ? `${this.failure.text}; stderr: ${stderr}` : this.failure.text;
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

  private async doStart(trigger: 'start' | 'retry' | 'wake'): Promise<void> {
    if (this.stopRequested || this.currentState === 'ready') return;
    if (trigger === 'start' && this.currentState === 'restarting') return;
    if (trigger === 'wake' ? this.currentState !== 'asleep' : this.currentState === 'asleep') return;
    if (trigger === 'start' && this.sleep.sleepsOnStart) {
      // Started again (a restart, a stop then a start): back to sleep on what it listed last.
      this.setState('asleep');
      this.emit('lists');
      return;
    }
    await this.closing;
    this.supervisor.cancel();
    if (this.entry.missingEnv !== undefined) {
      // Nothing to retry until the catalog changes: the entry is replaced on reload.
      this.failure = { text: describeMissingEnv(this.entry.missingEnv), attempt: undefined };
      this.log.warn(this.failure.text);
      this.setState('failed');
      return;
    }
    const attempt = new Attempt(
      this.entry,
      this.options,
      this.limits,
      this.log,
      {
        onListChanged: (method) => this.refresher.notify(method),
        onNotification: (notification) => this.emit('notification', notification),
        onLost: (reason, immediate) => this.lose(attempt, reason, immediate),
      },
      this.era,
    );
    this.retire();
    this.attempt = attempt;
    const startedAt = performance.now();
    this.setState('connecting');
    try {
      const lists = await attempt.run();
      this.lists = lists;
      this.live = attempt;
      this.failure = undefined;
      this.readyAfterMs = Math.round(performance.now() - startedAt);
      this.readySince = Date.now();
      this.remember(attempt);
      this.setState('ready');
      this.supervisor.ready();
      this.log.info('ready', { transport: attempt.kind, protocol: attempt.protocolVersion, tools: lists.tools.length, ms: this.readyAfterMs });
      this.emit('lists');
      this.refresher.kick();
      this.sleep.idle.arm();
      // A first start or a restart settles once the needs are known; a request waking the server does not wait for them.
      const learning = this.learnNeeds(attempt, lists);
      if (trigger !== 'wake') await learning;
    } catch (error) {
      this.noteExit(attempt);
      // A start aborted by stop() is not a failure: doStop() takes it from `connecting`.
      if (this.stopRequested) return;
      this.failure = { text: (error as Error).message, attempt };
      if (needsLogin(error)) {
        this.supervisor.needsLogin(`needs a login: ${this.failure.text}`);
        this.setState('needs-login');
      } else {
        this.setState(this.supervisor.failed(`failed to start: ${this.lastError() ?? ''}`).next);
      }
    }
  }

  /**
   * When the connection offers client features that some host may lack (one connection shared by
   * many hosts), learns which tools the server lists only with them (see capability-probe.ts). The
   * connection is ready meanwhile; `start()` resolves once this is known. A failed probe is logged
   * and leaves every tool offered to every host (a host lacking a feature then gets its error when
   * the server asks for it).
   */
  private async learnNeeds(attempt: Attempt, lists: ServerLists): Promise<void> {
    if (!this.options.probeToolNeeds) return;
    const controller = new AbortController();
    this.probing = controller;
    try {
      const { needs, connections } = await probeToolNeeds({
        ...{ entry: this.entry, options: this.options, limits: this.limits, logger: this.log.child('probe'), signal: controller.signal },
        ...{ protocolVersion: attempt.protocolVersion, listed: lists.tools.map((tool) => tool.name) },
      });
      if (this.live !== attempt) return;
      const changed = JSON.stringify(needs) !== JSON.stringify(this.needs);
      this.needs = needs;
      this.log.debug(`capability probe: ${Object.keys(needs).length} tool(s) listed only with a client capability`, { connections });
      if (changed) this.emit('lists');
    } catch (error) {
      if (controller.signal.aborted || this.live !== attempt) return;
      if (Object.keys(this.needs).length > 0) this.emit('lists');
      this.needs = {};
      this.log.warn(`could not learn which tools need a client capability (${(error as Error).message}); every tool is offered to every host`);
    } finally {
      if (this.probing === controller) this.probing = undefined;
    }
  }

  /** Adds the counters of the attempt that is being replaced to the totals. */
  private retire(): void {
    if (!this.attempt) return;
    this.dropped.lines += this.attempt.droppedLines();
    this.dropped.responses += this.attempt.droppedResponses();
    this.attempt = undefined;
  }

  private noteExit(attempt: Attempt): void {
    const exit = attempt.exit();
    if (exit) this.lastExit = { code: exit.code, signal: exit.signal, at: new Date().toISOString() };
  }

  private async send(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions): Promise<LooseResult> {
    const live = this.live;
    if (!live || this.currentState !== 'ready') throw this.unavailable();
    if (method !== 'tools/call' || !live.mirrorsHeaders) return live.request(method, params, opts);
    try {
      return await live.request(method, params, opts, this.toolNamed(params?.name));
    } catch (error) {
      // The server's headers disagree with the tool's schema as we hold it: list its tools again.
      if ((error as { code?: unknown }).code === HEADER_MISMATCH) this.refresher.notify('notifications/tools/list_changed');
      throw error;
    }
  }

  /** The listed tool called `name` (one index per version of the list). */
  private toolNamed(name: unknown): unknown {
    const tools = this.lists.tools;
    let index = this.toolIndex?.tools === tools ? this.toolIndex.byName : undefined;
    if (!index) {
      index = new Map(tools.map((tool) => [tool.name, tool]));
      this.toolIndex = { tools, byName: index };
    }
    return typeof name === 'string' ? index.get(name) : undefined;
  }

  /**
   * The live attempt is gone (`reason`): requests in flight fail now, the lists go, the supervisor
   * decides when to try again.
   */
  private lose(attempt: Attempt, reason: string, immediate: boolean): void {
    if (this.live !== attempt) return;
    this.live = undefined;
    this.readySince = undefined;
    this.sleep.reset();
    this.noteExit(attempt);
    this.failure = { text: reason, attempt };
    this.lists = emptyLists();
    this.closing = attempt.close();
    if (this.stopRequested) {
      this.setState('stopping');
    } else {
      this.setState(this.supervisor.failed(this.lastError() ?? reason, { immediate }).next);
    }
    this.emit('lists');
  }

  /** Stops a ready server that has been idle for `idleTimeout`: it sleeps on what it listed until a request needs it. */
  private async doIdleStop(): Promise<void> {
    const live = this.live;
    if (this.currentState !== 'ready' || !live || this.stopRequested || !this.sleep.mayStop) return;
    this.sleep.stopping = true;
    try {
      this.log.info(`idle for ${this.entry.idleTimeout ?? 0} ms: stopped until a request needs it`);
      this.supervisor.cancel();
      this.setState('stopping');
      this.live = undefined;
      this.readySince = undefined;
      await this.attempt?.close();
      this.setState('asleep');
      this.emit('lists');
    } finally {
      this.sleep.stopping = false;
    }
  }

  private async doStop(): Promise<void> {
    await this.closing;
    this.supervisor.cancel();
    this.sleep.reset();
    const live = this.live;
    const wasReady = this.currentState === 'ready' || this.currentState === 'asleep';
    if (live || this.currentState === 'connecting') this.setState('stopping');
    this.live = undefined;
    this.readySince = undefined;
    await this.attempt?.close();
    this.lists = emptyLists();
    this.setState('stopped');
    if (wasReady) this.emit('lists');
  }
}
