/**
 * One downstream MCP server: its transport, its SDK client, its lists, its lifecycle.
 *
 * idle → connecting → ready → failed | stopping → stopped. `start()` and `stop()` are serialized
 * and idempotent; `stop()` aborts a start in progress. A connection never restarts itself (yet):
 * after an unexpected close it stays `failed` until someone calls `restart()`.
 */
import { EventEmitter } from 'eventemitter3';
import PQueue from 'p-queue';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { GatewayError } from '../errors.js';
import { describeExit, describeStartFailure, translateRequestError, unavailableError } from './failures.js';
import { drainAll, emptyLists, LooseResultSchema, type LooseResult, type ServerLists } from './lists.js';
import { ListRefresher } from './list-refresher.js';
import { createClient } from './client.js';
import { StderrTail } from './stderr-tail.js';
import { terminate } from './terminate.js';
import { createTransport, describeTarget, transportAttempts, shouldFallBackToSse, type CreatedTransport, type TransportKind } from './transports.js';
import type { ConnectionEvents, ConnectionOptions, ConnectionState, ConnectionStatus, RelayOptions, ServerSnapshot } from './types.js';

/** Requests waiting for a free slot, per slot of `maxConcurrency`, before OVERLOADED. */
const QUEUED_PER_SLOT = 64;

interface Active {
  client: Client;
  created: CreatedTransport;
}

export class DownstreamConnection extends EventEmitter<ConnectionEvents> {
  readonly id: string;
  private currentState: ConnectionState = 'idle';
  private transportKind: TransportKind;
  /** The live client; set only while `ready`. */
  private active: Active | undefined;
  /** The transport being connected or live (for its pid). */
  private current: CreatedTransport | undefined;
  private lists: ServerLists = emptyLists();
  private failure: string | undefined;
  private readyAfterMs: number | undefined;
  private readonly tail: StderrTail;
  private readonly queue: PQueue;
  private readonly log: Logger;
  private lock: Promise<unknown> = Promise.resolve();
  private startAbort: AbortController | undefined;
  /** Teardown of a connection that closed on its own (awaited by the next start or stop). */
  private closing: Promise<void> | undefined;
  private readonly refresher: ListRefresher;

  constructor(
    readonly entry: ServerEntry,
    private readonly options: ConnectionOptions,
    logger: Logger,
  ) {
    super();
    this.id = entry.id;
    this.log = logger.child(entry.id);
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
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Connect, initialize and list everything, within `connectTimeout`. Never rejects: see `state`. */
  start(): Promise<void> {
    return this.serialize(() => this.doStart());
  }

  /** Close the connection and make sure the child is gone. Aborts a start in progress. */
  stop(): Promise<void> {
    this.startAbort?.abort(new Error('stopped'));
    return this.serialize(() => this.doStop());
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Relay one request. Rejects with `GatewayError` for local failures, `McpError` for the server's own errors. */
  async request(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions = {}): Promise<LooseResult> {
    if (this.currentState !== 'ready') throw this.unavailable();
    if (this.queue.size >= this.entry.maxConcurrency * QUEUED_PER_SLOT) {
      throw new GatewayError('OVERLOADED', `server "${this.id}" has ${this.queue.pending} requests in flight and ${this.queue.size} waiting; try again later`, {
        serverId: this.id,
      });
    }
    return this.queue.add(() => this.send(method, params, opts), opts.signal ? { signal: opts.signal } : {});
  }

  /** Send a notification down (e.g. `notifications/roots/list_changed`). Dropped when not ready. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.active?.client.notification({ method, ...(params ? { params } : {}) });
  }

  status(): ConnectionStatus {
    const info = this.active?.client;
    const pid = this.current?.child()?.pid;
    return {
      serverId: this.id,
      state: this.currentState,
      transport: this.transportKind,
      ...(pid !== undefined ? { pid } : {}),
      ...(this.lastError() !== undefined ? { lastError: this.lastError() } : {}),
      stderrTail: this.tail.lines(),
      ...(info ? { serverInfo: info.getServerVersion(), capabilities: info.getServerCapabilities(), instructions: info.getInstructions() } : {}),
      tools: this.lists.tools.length,
      prompts: this.lists.prompts.length,
      resources: this.lists.resources.length,
      resourceTemplates: this.lists.resourceTemplates.length,
      ...(this.readyAfterMs !== undefined ? { readyAfterMs: this.readyAfterMs } : {}),
    };
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
    const run = this.lock.then(task, task);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private setState(next: ConnectionState): void {
    const previous = this.currentState;
    if (previous === next) return;
    this.currentState = next;
    this.log.debug(`${previous} → ${next}`);
    this.emit('state', next, previous);
  }

  private async doStart(): Promise<void> {
    if (this.currentState === 'ready') return;
    await this.closing;
    const abort = new AbortController();
    this.startAbort = abort;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort(new Error(`connect timeout (${this.entry.connectTimeout} ms)`));
    }, this.entry.connectTimeout);
    const startedAt = performance.now();
    this.failure = undefined;
    this.readyAfterMs = undefined;
    this.tail.clear();
    this.refresher.reset();
    this.setState('connecting');
    let attempt: Active | undefined;
    try {
      attempt = await this.connect(abort.signal);
      const lists = await abortable(drainAll(attempt.client, { timeout: this.entry.timeout, logger: this.log }), abort.signal);
      this.lists = lists;
      this.active = attempt;
      this.readyAfterMs = Math.round(performance.now() - startedAt);
      this.setState('ready');
      this.log.info('ready', { transport: this.transportKind, tools: lists.tools.length, ms: this.readyAfterMs });
      this.emit('lists');
      this.refresher.kick();
    } catch (error) {
      if (attempt) await this.teardown(attempt);
      this.failure = describeStartFailure(error, {
        connectTimeout: this.entry.connectTimeout,
        timedOut,
        stopped: abort.signal.aborted && !timedOut,
        exit: attempt?.created.exit() ?? this.current?.exit(),
        target: describeTarget(this.entry),
      });
      this.current = undefined;
      this.setState('failed');
      this.log.warn(`failed to start: ${this.lastError() ?? ''}`);
    } finally {
      clearTimeout(timer);
      this.startAbort = undefined;
    }
  }

  /** Connect with each transport in turn (`auto`: Streamable HTTP, then SSE on a 4xx). */
  private async connect(signal: AbortSignal): Promise<Active> {
    const kinds = transportAttempts(this.entry);
    for (const [index, kind] of kinds.entries()) {
      this.transportKind = kind;
      const created = createTransport(this.entry, { logger: this.log, ...(kind !== 'stdio' ? { remote: kind } : {}) });
      const attempt: Active = {
        client: createClient(this.id, this.options, {
          onListChanged: (method) => this.refresher.notify(method),
          onNotification: (notification) => this.emit('notification', notification),
        }),
        created,
      };
      this.current = created;
      if (created.stderr) this.tail.attach(created.stderr);
      attempt.client.onclose = () => this.onUnexpectedClose(attempt);
      attempt.client.onerror = (error) => this.log.debug(`transport error: ${error.message}`);
      try {
        // No `signal` into the SDK: it never removes its abort listeners. On abort the race below
        // rejects and teardown closes the client, which rejects whatever is still pending.
        await abortable(attempt.client.connect(created.transport, { timeout: this.entry.connectTimeout }), signal);
        return attempt;
      } catch (error) {
        await this.teardown(attempt);
        if (index === kinds.length - 1 || signal.aborted || !shouldFallBackToSse(error)) throw error;
        this.log.debug(`Streamable HTTP refused (${(error as Error).message}); trying SSE`);
      }
    }
    throw new Error('no transport to try');
  }

  private async send(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions): Promise<LooseResult> {
    const active = this.active;
    if (!active || this.currentState !== 'ready') throw this.unavailable();
    const timeout = opts.timeout ?? this.entry.timeout;
    try {
      return await active.client.request({ method, ...(params ? { params } : {}) }, LooseResultSchema, {
        timeout,
        resetTimeoutOnProgress: true,
        maxTotalTimeout: this.entry.maxTotalTimeout,
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onprogress ? { onprogress: opts.onprogress } : {}),
      });
    } catch (error) {
      throw translateRequestError(error, {
        serverId: this.id,
        method,
        timeout,
        maxTotalTimeout: this.entry.maxTotalTimeout,
        connectionLost: this.active !== active,
        reason: this.lastError(),
        signal: opts.signal,
      });
    }
  }

  /** The SDK calls this before it rejects the in-flight requests, so they see the reason. */
  private onUnexpectedClose(attempt: Active): void {
    if (this.active !== attempt) return;
    this.active = undefined;
    const exit = describeExit(attempt.created.exit());
    this.failure = exit ? `the server process ${exit}` : 'the connection closed unexpectedly';
    this.lists = emptyLists();
    this.setState('failed');
    this.log.warn(this.failure);
    this.emit('lists');
    this.closing = this.teardown(attempt);
  }

  private async doStop(): Promise<void> {
    await this.closing;
    if (this.currentState === 'idle' || this.currentState === 'stopped' || this.currentState === 'failed') {
      this.setState('stopped');
      return;
    }
    const active = this.active;
    const wasReady = this.currentState === 'ready';
    this.active = undefined;
    this.setState('stopping');
    if (active) await this.teardown(active);
    this.current = undefined;
    this.lists = emptyLists();
    this.setState('stopped');
    if (wasReady) this.emit('lists');
  }

  /** Close the client (rejecting its in-flight requests) and wait until the child is gone. */
  private async teardown({ client, created }: Active): Promise<void> {
    const closing = client.close().catch((error: unknown) => this.log.debug(`close: ${String(error)}`));
    const child = created.child();
    if (child) await terminate(child);
    await closing;
  }
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
