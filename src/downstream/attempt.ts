/**
 * One start of a server, created, run and discarded whole: its transport(s), SDK client, stderr,
 * deadline and liveness watch. `run()` connects, initializes and lists everything within
 * `connectTimeout`; from then on the attempt relays requests until it is lost (a crash, an
 * oversized message, no answer to pings, a remote session gone) or closed. It reports upward only
 * what the connection needs: notifications, list changes, and that it was lost, once.
 *
 * Nothing outlives an attempt: a restart makes a new one, so its stderr, counters and timers never
 * mix with those of the process before it.
 */
import type { Client, McpSubscription, PriorDiscovery, ServerNotification } from '@modelcontextprotocol/client';
import type { ServerEntry } from '../config/schema.js';
import type { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { createClient } from './client.js';
import type { EraMemory } from './era.js';
import { describeExit, describeStartFailure, lossOf } from './failures.js';
import { drainAll, type LooseResult, type ServerLists } from './lists.js';
import { ParamHeaderRules } from './param-headers.js';
import { LivenessMonitor } from './liveness.js';
import type { ConnectionLimits } from './policy.js';
import { relay } from './relay.js';
import { StderrTail } from './stderr-tail.js';
import { livePid } from './status.js';
import { defaultTransportFactory } from './transports/default.js';
import { describeTarget, shouldFallBackToSse, transportAttempts, type CreatedTransport, type TransportKind } from './transports.js';
import type { ChildExit } from './stdio-transport.js';
import type { ConnectionOptions, RelayOptions } from './types.js';

/** Quiet time before a liveness ping when an entry does not say (hand-built entries). */
const DEFAULT_PING_INTERVAL = 60_000;
/** Longest a liveness ping may take (less when the server's request timeout is shorter). */
const PING_TIMEOUT = 10_000;
/** Longest the 2026-07-28 probe of an `era: auto` server may take before it counts as 2025-11-25 (stdio). */
const PROBE_TIMEOUT = 10_000;

export interface AttemptEvents {
  /** A `notifications/{tools,prompts,resources}/list_changed` arrived. */
  onListChanged: (method: string) => void;
  /** Any other notification. */
  onNotification: (notification: ServerNotification) => void;
  /** The attempt's connection is gone after `run()` succeeded; called once. `immediate`: retry without back-off. */
  onLost: (reason: string, immediate: boolean) => void;
}

export class Attempt {
  /** This attempt's stderr only (stdio), bounded. */
  readonly stderr: StderrTail;
  kind: TransportKind;
  readonly #entry: ServerEntry;
  readonly #options: ConnectionOptions;
  readonly #limits: ConnectionLimits;
  readonly #log: Logger;
  readonly #events: AttemptEvents;
  readonly #abort = new AbortController();
  #created: CreatedTransport | undefined;
  #client: Client | undefined;
  #timedOut = false;
  #ready = false;
  /** Why the connection went away, once it has (also: closed by us). */
  #ended: string | undefined;
  #liveness: LivenessMonitor | undefined;
  #closing: Promise<void> | undefined;

  readonly #era: EraMemory;
  /** 2026-07-28: one listen stream per subscribed resource URI. */
  readonly #resourceStreams = new Map<string, McpSubscription>();
  /** 2026-07-28 over Streamable HTTP: the SEP-2243 header rules (undefined elsewhere). */
  #headerRules: ParamHeaderRules | undefined;

  constructor(entry: ServerEntry, options: ConnectionOptions, limits: ConnectionLimits, logger: Logger, events: AttemptEvents, era: EraMemory) {
    this.#era = era;
    this.#entry = entry;
    this.#options = options;
    this.#limits = limits;
    this.#log = logger;
    this.#events = events;
    this.kind = transportAttempts(entry)[0] ?? 'stdio';
    this.stderr = new StderrTail({ onLine: (line) => logger.debug(`stderr: ${line}`) });
  }

  /** The SDK client while the attempt is live (for the list refresher). */
  get client(): Client | undefined {
    return this.#ready && this.#ended === undefined ? this.#client : undefined;
  }

  /** Why it ended, once it has, with the last lines of its stderr. */
  get endReason(): string | undefined {
    if (this.#ended === undefined) return undefined;
    const stderr = this.stderr.describe();
    return stderr ? `${this.#ended}; stderr: ${stderr}` : this.#ended;
  }

  /**
   * Connect (each transport in turn: `auto` is Streamable HTTP, then SSE on a 4xx), initialize and
   * list everything within `connectTimeout`. Rejects with an Error whose message says why, in the
   * user's terms (stderr not included: see `stderr`).
   */
  async run(): Promise<ServerLists> {
    const { connectTimeout } = this.#entry;
    const timer = setTimeout(() => {
      this.#timedOut = true;
      this.#abort.abort(new Error(`connect timeout (${connectTimeout} ms)`));
    }, connectTimeout);
    try {
      await this.#connect();
      const client = this.#client as Client;
      if (client.getProtocolEra() === 'modern') (this.#created as CreatedTransport).transport.completeWithoutResultType = true;
      if (client.getProtocolEra() === 'modern' && this.kind === 'streamable-http')
        this.#headerRules = new ParamHeaderRules((message) => this.#log.warn(message));
      const filterTools = this.filterTools;
      const drain = { timeout: this.#entry.timeout, logger: this.#log, ...(filterTools ? { filterTools } : {}) };
      const lists = await abortable(drainAll(client, drain), this.#abort.signal);
      if (client.getProtocolEra() === 'modern') await abortable(this.#listen(client), this.#abort.signal);
      this.#ready = true;
      this.#watchLiveness(client);
      return lists;
    } catch (error) {
      await this.close();
      throw new Error(
        describeStartFailure(error, { connectTimeout, timedOut: this.#timedOut, stopped: false, exit: this.exit(), target: describeTarget(this.#entry) }),
        { cause: error },
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Gives up a `run()` in progress (stop()). */
  abort(reason: Error): void {
    this.#abort.abort(reason);
  }

  /** Whether `tools/call` carries headers from the tool's schema here (2026-07-28 over Streamable HTTP). */
  get mirrorsHeaders(): boolean {
    return this.#headerRules !== undefined;
  }

  /** Drops the tools this connection must not offer, where the era and transport have such rules. */
  get filterTools(): ((tools: unknown[]) => unknown[]) | undefined {
    const rules = this.#headerRules;
    return rules && ((tools) => rules.filterTools(tools));
  }

  /**
   * Relays one request. `tool` is the called tool's definition (`tools/call`), for the headers
   * its schema asks for. Rejects with `GatewayError` for local failures, `ProtocolError` for the
   * server's own.
   */
  async request(method: string, params: Record<string, unknown> | undefined, opts: RelayOptions, tool?: unknown): Promise<LooseResult> {
    const created = this.#created;
    const client = this.client;
    if (!created || !client) throw new Error('Not connected');
    if (client.getProtocolEra() === 'modern' && (method === 'resources/subscribe' || method === 'resources/unsubscribe')) {
      return this.#resourceListen(client, method, String(params?.uri));
    }
    const liveness = this.#liveness;
    try {
      const result = await relay(
        { client, transport: created.transport },
        { method, params, opts, entry: this.#entry, maxMessageBytes: this.#limits.maxMessageBytes, ...this.#headersFor(tool, params) },
        { isLive: () => this.#ended === undefined, reason: () => this.endReason, onLoss: (loss) => this.#lose(loss.reason, loss.immediate === true) },
      );
      liveness?.alive();
      return result;
    } catch (error) {
      if ((error as GatewayError).code === 'REQUEST_TIMEOUT') liveness?.timedOut();
      else if (typeof (error as { code?: unknown }).code === 'number') liveness?.alive(); // the server's own error: it answered
      throw error;
    }
  }

  #headersFor(tool: unknown, params: Record<string, unknown> | undefined): { headers?: Record<string, string> } {
    const headers = tool !== undefined ? this.#headerRules?.headersFor(tool, params?.arguments) : undefined;
    return headers ? { headers } : {};
  }

  /** Sends a notification down; dropped when not live. */
  async notify(method: string, params?: Record<string, unknown>): Promise<void> {
    await this.client?.notification({ method, ...(params ? { params } : {}) });
  }

  /** Closes the client (rejecting its requests in flight) and waits until the child and its group are gone. Idempotent. */
  close(): Promise<void> {
    this.#ended ??= 'closed';
    this.#liveness?.stop();
    this.#closing ??= this.#teardown();
    return this.#closing;
  }

  pid(): number | undefined {
    return livePid(this.#created);
  }

  exit(): ChildExit | undefined {
    return this.#created?.exit();
  }

  droppedLines(): number {
    return this.#created?.droppedLines() ?? 0;
  }

  droppedResponses(): number {
    return this.#created?.transport.droppedResponses ?? 0;
  }

  /** Whether this attempt speaks the 2026-07-28 era (stateless requests, `input_required`). */
  get modern(): boolean {
    return this.#client?.getProtocolEra() === 'modern';
  }

  /** The protocol revision this attempt speaks, once connected. */
  get protocolVersion(): string | undefined {
    return this.#client?.getNegotiatedProtocolVersion();
  }

  /**
   * Connects in the server's era: with the remembered verdict when there is one, else as the
   * catalog says (`auto` probes). A probe that kills a stdio server (some exit on anything before
   * `initialize`) makes it a 2025-11-25 server, started again at once; a remembered 2026-07-28
   * verdict the server no longer honours is dropped, so the next start probes.
   */
  async #connect(): Promise<void> {
    const prior = this.#era.prior();
    try {
      await this.#connectTransports(prior);
    } catch (error) {
      const probing = prior === undefined && this.#era.mode === 'auto';
      if (probing && this.exit() !== undefined && !this.#abort.signal.aborted) {
        this.#log.info('the server exited on the 2026-07-28 probe; starting it again as a 2025-11-25 server');
        this.#era.remember(undefined);
        await this.#connectTransports({ kind: 'legacy' });
        return;
      }
      if (prior?.kind === 'modern') this.#era.forget();
      throw error;
    }
    if (prior === undefined) this.#era.remember(this.#client?.getDiscoverResult());
  }

  /**
   * 2026-07-28 has no `resources/subscribe`: a subscription is a listen stream for that URI, held
   * until unsubscribed (or the attempt ends, which closes the client and its streams).
   */
  async #resourceListen(client: Client, method: string, uri: string): Promise<LooseResult> {
    const open = this.#resourceStreams.get(uri);
    if (method === 'resources/unsubscribe') {
      this.#resourceStreams.delete(uri);
      await open?.close().catch(() => undefined);
      return {};
    }
    if (!open) this.#resourceStreams.set(uri, await client.listen({ resourceSubscriptions: [uri] }, { timeout: this.#entry.timeout }));
    return {};
  }

  /** 2026-07-28 servers send list changes only on a `subscriptions/listen` stream. */
  async #listen(client: Client): Promise<void> {
    const caps = client.getServerCapabilities() ?? {};
    const filter = {
      ...(caps.tools?.listChanged ? { toolsListChanged: true } : {}),
      ...(caps.prompts?.listChanged ? { promptsListChanged: true } : {}),
      ...(caps.resources?.listChanged ? { resourcesListChanged: true } : {}),
    };
    if (Object.keys(filter).length === 0) return;
    await client.listen(filter, { timeout: this.#entry.timeout });
  }

  async #connectTransports(prior: PriorDiscovery | undefined): Promise<void> {
    const kinds = transportAttempts(this.#entry);
    const factory = this.#options.transports ?? defaultTransportFactory();
    for (const [index, kind] of kinds.entries()) {
      const created = factory.create(this.#entry, {
        logger: this.#log,
        maxMessageBytes: this.#limits.maxMessageBytes,
        onOversize: (bytes) =>
          this.#lose(`a message of more than ${bytes} bytes arrived: response exceeds ${this.#limits.maxMessageBytes} bytes (maxMessageBytes)`, false),
        ...(kind !== 'stdio' ? { remote: kind } : {}),
      });
      const client = createClient(
        this.#entry.id,
        this.#options,
        { onListChanged: this.#events.onListChanged, onNotification: this.#events.onNotification },
        { mode: this.#era.mode, probeTimeoutMs: Math.min(PROBE_TIMEOUT, this.#entry.connectTimeout) },
      );
      this.#created = created;
      this.#client = client;
      this.kind = kind;
      if (created.stderr) this.stderr.attach(created.stderr);
      client.onclose = () => this.#lose(undefined, false);
      client.onerror = (error) => {
        this.#log.debug(`transport: ${error.message}`);
        const loss = lossOf(error, this.#limits.maxMessageBytes);
        if (loss) this.#lose(loss.reason, loss.immediate === true);
      };
      try {
        // No `signal` into the SDK: it never removes its abort listeners. On abort the race below
        // rejects and teardown closes the client, which rejects whatever is still pending.
        await abortable(client.connect(created.transport, { timeout: this.#entry.connectTimeout, ...(prior ? { prior } : {}) }), this.#abort.signal);
        return;
      } catch (error) {
        await this.#teardown();
        if (index === kinds.length - 1 || this.#abort.signal.aborted || !shouldFallBackToSse(error)) throw error;
        this.#log.debug(`Streamable HTTP refused (${(error as Error).message}); trying SSE`);
      }
    }
  }

  /** Pings when the server goes quiet or keeps timing out; no reply loses the attempt (and so restarts it). */
  #watchLiveness(client: Client): void {
    this.#liveness = new LivenessMonitor({
      intervalMs: this.#entry.pingInterval ?? DEFAULT_PING_INTERVAL,
      timeoutMs: Math.min(PING_TIMEOUT, this.#entry.timeout),
      afterTimeouts: 2,
      // 2026-07-28 has no ping; re-reading the server's discover result is the cheapest request.
      ping: (timeout) => (client.getProtocolEra() === 'modern' ? client.discover({ timeout }) : client.ping({ timeout })),
      onDead: (reason) => {
        this.#log.warn(reason);
        this.#lose(reason, true);
      },
    });
  }

  /** The live connection is gone: `reason`, or how the process ended. Reported once, and only once ready. */
  #lose(reason: string | undefined, immediate: boolean): void {
    if (!this.#ready || this.#ended !== undefined) return;
    const exit = describeExit(this.exit());
    this.#ended = reason ?? (exit ? `the server process ${exit}` : 'the connection closed unexpectedly');
    this.#liveness?.stop();
    this.#closing = this.#teardown();
    this.#events.onLost(this.#ended, immediate);
  }

  async #teardown(): Promise<void> {
    const client = this.#client;
    const created = this.#created;
    await client?.close().catch((error: unknown) => this.#log.debug(`close: ${String(error)}`));
    // After an unexpected close the client has already let go of its transport: close it anyway,
    // so the child's process group is reaped before anyone starts a new one.
    await created?.transport.close().catch((error: unknown) => this.#log.debug(`close: ${String(error)}`));
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
