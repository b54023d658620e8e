/**
 * The composition root: catalog → downstream pool → registry view → upstream hub.
 * It owns start and stop order and the glue between the rooms: rebuilding the merged view when a
 * server's lists change (announcing what changed upward), and carrying server traffic (logs,
 * resource updates, server→client requests) to the hub.
 */
import { dirname } from 'node:path';
import PQueue from 'p-queue';
import type { ClientCapabilities } from '@modelcontextprotocol/server';
import type { CatalogDiff } from './config/diff.js';
import { diffCatalogs, isEmptyDiff } from './config/diff.js';
import type { Catalog } from './config/schema.js';
import { EraStore, erasFileOf } from './downstream/era-store.js';
import { DownstreamPool } from './downstream/pool.js';
import { SnapshotStore, snapshotsFileOf } from './downstream/snapshot-store.js';
import { isServing } from './downstream/status.js';
import type { ConnectionState, ConnectionStatus, PoolOptions } from './downstream/types.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';
import { attachOAuth } from './oauth/attach.js';
import type { RemoteFetchWrapper } from './downstream/transports.js';
import { defaultTransportFactory } from './downstream/transports/default.js';
import { approveAlerts, PinGuard, selectAlerts, type PinAlert } from './pinning/index.js';
import { loadCatalog } from './config/load.js';
import { accountTools, diffViews, namingFor, picksServer } from './registry/index.js';
import type { ToolAccount } from './registry/index.js';
import type { RegistryView, ServerNaming, ServerSnapshot } from './registry/types.js';
import { registerSecrets, secretsOf } from './redact.js';
import { ActivityRecorder } from './activity/recorder.js';
import type { CallStart } from './activity/recorder.js';
import { redact } from './redact.js';
import { featuresOf } from './shared/client-features.js';
import { answerBuiltin, BUILTIN_NAMING, BUILTIN_SERVER_ID } from './status-resource.js';
import { UI_EXTENSION } from './upstream/capabilities.js';
import { UpstreamHub } from './upstream/hub.js';
import type { ListChanges, RouteTarget, Router, ServedView, UpstreamSession } from './upstream/ports.js';
import type { SessionContext } from './upstream/session.js';
import { assembleView, profileSelection, type AssembledView } from './view-assembly.js';
import { diffServed, serveViews, type ServedViews } from './view-serving.js';
import { startTelemetry, type Telemetry } from './telemetry/index.js';
import { VERSION } from './version.js';

export interface GatewayOptions {
  logger?: Logger;
  /** How long to gather list changes before rebuilding the view and announcing them. @default 25 */
  debounceMs?: number;
  /**
   * Start the servers when the first host initializes, advertising to them exactly the client
   * capabilities that host has (stdio: one host). Otherwise call `start()` yourself. @default false
   */
  startOnInitialize?: boolean;
  /** Telemetry (docs/telemetry.md): Prometheus metrics on or off, and where `OTEL_*` variables are read. Traces and the audit trail follow the catalog's settings. @default metrics off, no variables */
  telemetry?: { metrics?: boolean; env?: NodeJS.ProcessEnv };
}

/** What the downstream clients may advertise when every host session could answer (HTTP mode). */
export const ALL_CLIENT_CAPABILITIES: ClientCapabilities = {
  sampling: {},
  elicitation: { form: {}, url: {} },
  roots: { listChanged: true },
};

/** A server's connection facts plus the account of its tools: what it lists, what hosts see, and why not the rest. */
export type ServerStatus = ConnectionStatus & { toolAccount: ToolAccount };

/** What `Gateway.approve` did: the tools approved, the selectors that named no pending change, the state file. */
export interface ApproveOutcome {
  approved: { serverId: string; tool: string }[];
  unmatched: string[];
  file?: string;
  /** The state file could not be read cleanly before the write (see `loadPinFile`). */
  warning?: string;
}

/** Distinct warnings remembered so each is logged once; past this the memory starts over. */
const MAX_REMEMBERED_WARNINGS = 1_000;

/**
 * The composition root: it wires the rooms (config → downstream pool → pinning → registry →
 * upstream hub) and owns start, stop and reload. Its parts stay private; what the CLI and
 * embedders need is a method here.
 */
export class Gateway {
  readonly #pool: DownstreamPool;
  readonly #hub: UpstreamHub;
  /** Tool pins against rug pulls: every snapshot passes through them before the registry (see src/pinning/). */
  readonly #pins: PinGuard;
  readonly #logger: Logger;
  #catalog: Catalog;
  #naming: ServerNaming[];
  /** Reloads, one at a time, in order. */
  readonly #reloads = new PQueue({ concurrency: 1 });
  #holdAnnouncements = false;
  readonly #debounceMs: number;
  readonly #poolOptions: PoolOptions;
  #oauth: Map<string, RemoteFetchWrapper>;
  /** Warnings logged, by server ('' for none): each is logged once per start of its server. */
  readonly #warned = new Map<string, Set<string>>();
  #assembled: Pick<AssembledView, 'view' | 'filtered' | 'profiles'>;
  /** The default view (key undefined) and each profile's, as sessions are served them. */
  #served: ServedViews;
  /** Each server's last lists while it was ready: a server that is down keeps its names (see RegistryInput.claims). */
  readonly #lastKnown = new Map<string, ServerSnapshot>();
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #settled = false;
  #resolveSettled!: () => void;
  readonly #settledPromise = new Promise<void>((resolve) => (this.#resolveSettled = resolve));
  #stopped = false;
  /** Every request routed to a server: in flight, last errors, latency per tool (bounded, in memory). */
  readonly activity = new ActivityRecorder();
  readonly #telemetry: Promise<Telemetry>;

  constructor(catalog: Catalog, options: GatewayOptions = {}) {
    this.#catalog = catalog;
    registerSecrets(secretsOf(catalog));
    this.#logger = options.logger ?? silentLogger;
    this.#debounceMs = options.debounceMs ?? 25;
    const enabled = catalog.servers.filter((server) => server.enabled);
    // OAuth servers' transports carry their own tokens (src/oauth/), looked up by server id.
    this.#oauth = attachOAuth(catalog, this.#logger.child('oauth'));
    this.#naming = namingOf(catalog);
    this.#poolOptions = {
      clientInfo: { name: 'mcp-switchboard', version: VERSION },
      clientCapabilities: {},
      onServerRequest: (serverId, request, extra) => this.#hub.relayServerRequest(serverId, request, extra.signal),
      transports: defaultTransportFactory({ remoteFetch: (entry) => this.#oauth.get(entry.id) }),
      eras: new EraStore(erasFileOf(catalog.file)),
      // Lazy servers are advertised from these without starting (docs/lazy-start.md).
      snapshots: new SnapshotStore(snapshotsFileOf(catalog.file), this.#logger.child('snapshots')),
    };
    this.#pool = new DownstreamPool(enabled, this.#poolOptions, this.#logger.child('pool'));
    this.#pins = new PinGuard({
      catalog: () => this.catalog,
      logger: this.#logger.child('pins'),
      onChange: () => this.#scheduleRebuild(),
    });
    this.#assembled = this.#build();
    this.#served = this.#serve(this.#assembled);
    this.#hub = new UpstreamHub({
      info: { name: 'mcp-switchboard', version: VERSION },
      logger: this.#logger.child('upstream'),
      views: { served: (profile) => this.#served.get(profile), profiles: () => this.profileNames() },
      router: this.#router(),
      pageSize: catalog.settings.pageSize,
      whenListable: () => this.#whenListable(),
      ...(options.startOnInitialize ? { onInitialize: (capabilities) => void this.start(capabilities) } : {}),
    });
    this.#pool.on('lists', () => this.#scheduleRebuild());
    this.#pool.on('notification', (serverId, notification) => this.#hub.relayNotification(serverId, notification));
    this.#pool.on('state', (serverId, state) => {
      if (state !== 'ready') return;
      // A new start of the server: what it deserves a warning about is said again, once.
      this.#warned.delete(serverId);
      void this.#hub.serverReady(serverId).catch(() => undefined);
    });
    this.#telemetry = startTelemetry(
      {
        requests: this.#hub.requests,
        activity: this.activity,
        statuses: () => this.#pool.statuses(),
        sessionCount: () => this.#hub.sessionCount,
        view: () => this.#assembled.view,
      },
      {
        settings: catalog.settings,
        metrics: options.telemetry?.metrics ?? false,
        env: options.telemetry?.env ?? {},
        ...(catalog.file && { baseDir: dirname(catalog.file) }),
      },
      this.#logger.child('telemetry'),
    );
  }

  /** Resolves once the telemetry asked for (metrics, traces, audit) is running; requests before that are not observed. */
  telemetryReady(): Promise<unknown> {
    return this.#telemetry;
  }

  /** The Prometheus text exposition, or undefined when metrics are off. */
  async metrics(): Promise<{ contentType: string; body: string } | undefined> {
    const { metrics } = await this.#telemetry;
    return metrics ? { contentType: metrics.contentType, body: await metrics.render() } : undefined;
  }

  /** The catalog being served (replaced by `reload`). */
  get catalog(): Catalog {
    return this.#catalog;
  }

  /**
   * Every enabled server's connection facts with its tool account: the one source of counts for
   * `list`, `status`, `check`, the status resource and HTTP `/status`.
   */
  statuses(): ServerStatus[] {
    return this.#pool.statuses().map((status) => {
      const filtered = this.#assembled.filtered.get(status.serverId);
      const shaping = this.#naming.find((n) => n.serverId === status.serverId)?.shaping?.tools;
      const toolAccount = accountTools({
        serverId: status.serverId,
        listed: filtered?.listed ?? [],
        taskOnly: filtered?.taskOnly ?? new Set(),
        held: filtered?.held ?? new Set(),
        shaping,
        view: this.#assembled.view,
        offered: [...featuresOf(this.#poolOptions.clientCapabilities)],
      });
      return { ...status, toolAccount };
    });
  }

  /** The merged view hosts see right now (the default view: every server, every tool). */
  get view(): RegistryView {
    return this.#assembled.view;
  }

  /** The catalog's profile names, in catalog order. */
  profileNames(): string[] {
    return (this.#catalog.profiles ?? []).map((profile) => profile.name);
  }

  /** The view `profile` serves (undefined: the default view); undefined when the catalog has no such profile. */
  profileView(profile: string | undefined): RegistryView | undefined {
    return this.#served.get(profile)?.view;
  }

  /** The enabled servers `profile` picks, in catalog order (every one for the default view). */
  profileServers(profile: string | undefined): string[] {
    const entry = this.#catalog.profiles?.find((p) => p.name === profile);
    const ids = this.#pool.ids();
    if (profile === undefined) return ids;
    return entry ? ids.filter((id) => picksServer(profileSelection(entry), id)) : [];
  }

  /** How `profile`'s view is served (its tool mode); undefined when the catalog has no such profile. */
  served(profile: string | undefined): ServedView | undefined {
    return this.#served.get(profile);
  }

  /**
   * A new upstream session (an SDK `Server`, not yet connected): one per host connection, or per
   * request for a 2026-07-28 host over HTTP (see `SessionContext`). A 2025-11-25 session can be
   * connected to any transport; a 2026-07-28 one is served only through the SDK's entries, which
   * take this method as their factory (`serveStdio` from `@modelcontextprotocol/server/stdio`,
   * `createMcpHandler`), as src/upstream/stdio.ts and src/upstream/http/eras.ts do.
   */
  createSession(context?: SessionContext): UpstreamSession {
    return this.#hub.createSession(context);
  }

  /** Updates of advertised resource URIs (of `profile`'s view) for a 2026-07-28 listen stream, until the returned function is called. */
  watchResources(uris: readonly string[], deliver: (params: { uri: string } & Record<string, unknown>) => void, profile?: string): () => void {
    return this.#hub.watchResources(uris, deliver, profile);
  }

  /** Calls `listener` whenever a view's lists change (`profile` undefined: the default view); returns the function that stops it. */
  onListChanged(listener: (changes: ListChanges, profile: string | undefined) => void): () => void {
    return this.#hub.onAnnounce(listener);
  }

  /** Host sessions open now. */
  get sessionCount(): number {
    return this.#hub.sessionCount;
  }

  /** Ids of the enabled servers, in catalog order. */
  serverIds(): string[] {
    return this.#pool.ids();
  }

  /** Calls `listener` whenever a server changes state; returns the function that stops it. */
  onServerState(listener: (serverId: string, state: ConnectionState) => void): () => void {
    const forward = (serverId: string, state: ConnectionState) => listener(serverId, state);
    this.#pool.on('state', forward);
    return () => void this.#pool.off('state', forward);
  }

  /** What `serverId` lists now, before pinning and the gateway's own filters; undefined unless ready. */
  listed(serverId: string): ServerSnapshot | undefined {
    return this.#pool.get(serverId)?.snapshot();
  }

  /** Stops one server (it stays stopped until restarted or reloaded). */
  async stopServer(serverId: string): Promise<void> {
    await this.#pool.get(serverId)?.stop();
  }

  /** Pinning alerts waiting for approval (changed, held or warned tools). */
  alerts(): PinAlert[] {
    return this.#pins.alerts();
  }

  /** Resolves once every pin recorded so far is written to the state file. */
  flushPins(): Promise<void> {
    return this.#pins.flush();
  }

  /**
   * Accepts the pending changes that `selectors` name (`server` or `server:tool`; every one with
   * `all`): their new definitions are pinned as approved in the state file and served at once
   * (no wait for the file watch). For the control endpoint; the offline `approve` writes the file itself.
   */
  async approve(selectors: readonly string[], all: boolean): Promise<ApproveOutcome> {
    const { chosen, unmatched } = selectAlerts(this.#pins.alerts(), selectors, all);
    const file = this.#pins.file;
    let warning: string | undefined;
    if (chosen.length > 0) {
      if (file === undefined) throw new Error('the catalog has no file, so there is no pin state file to write');
      warning = await approveAlerts(file, chosen);
      await this.#pins.reload();
      this.#rebuildNow();
    }
    return {
      approved: chosen.map(({ serverId, tool }) => ({ serverId, tool })),
      unmatched,
      ...(file !== undefined && { file }),
      ...(warning !== undefined && { warning }),
    };
  }

  /** Reads the catalog file again and applies it (see `reload`); throws `ConfigError` when it is invalid, and for a catalog from no file. */
  async reloadFile(env: NodeJS.ProcessEnv = process.env): Promise<CatalogDiff> {
    const file = this.#catalog.file;
    if (file === undefined) throw new Error('the catalog came from no file, so there is nothing to re-read');
    return this.reload(await loadCatalog(file, env));
  }

  /**
   * Starts every server in parallel, their clients advertising `clientCapabilities` (only what the
   * host can answer: sampling, elicitation, roots). Hosts are served at once with whatever is
   * ready; the promise settles when every server is ready or failed. Idempotent.
   *
   * `shared`: the connections serve hosts of different capabilities (HTTP), so after each start
   * the gateway learns which tools a server lists only with one of `clientCapabilities`, and
   * offers those only to hosts that declare it (see docs/tool-counts-and-capabilities.md).
   */
  start(clientCapabilities: ClientCapabilities = {}, options: { shared?: boolean } = {}): Promise<void> {
    if (!this.#started && !this.#stopped) {
      this.#started = true;
      this.#poolOptions.clientCapabilities = pickClientCapabilities(clientCapabilities);
      this.#poolOptions.probeToolNeeds = options.shared === true;
      void this.#pool.start().then(() => {
        this.#settled = true;
        this.#rebuildNow();
        this.#resolveSettled();
      });
    }
    return this.#settledPromise;
  }

  /** Synchronous last resort for a dying process: every child's process group is killed at once (see `DownstreamPool.killNow`). */
  killNow(): void {
    this.#pool.killNow();
  }

  /** True once `stop()` was called. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Settles when every server is ready or failed, once started (by `start()` or a host's initialize), or on stop. */
  get started(): Promise<void> {
    return this.#settledPromise;
  }

  /**
   * Applies a new catalog without a restart: added servers start, removed ones stop, servers whose
   * connection changed restart, the rest (their sessions, subscriptions, calls in flight) are left
   * alone. Hosts get one `list_changed` per changed list once it has all settled. Serialized.
   */
  reload(next: Catalog): Promise<CatalogDiff> {
    return this.#reloads.add(() => this.#apply(next));
  }

  async #apply(next: Catalog): Promise<CatalogDiff> {
    const diff = diffCatalogs(this.#catalog, next);
    if (this.#stopped || isEmptyDiff(diff)) return diff;
    registerSecrets(secretsOf(next));
    this.#catalog = next;
    this.#oauth = attachOAuth(next, this.#logger.child('oauth'));
    this.#naming = namingOf(next);
    this.#holdAnnouncements = true;
    try {
      await Promise.all([
        ...diff.removed.map((id) => this.#pool.remove(id)),
        ...diff.restarted.map((entry) => this.#pool.replace(entry)),
        ...diff.added.map((entry) => this.#pool.add(entry)),
      ]);
    } finally {
      this.#holdAnnouncements = false;
    }
    this.#rebuildNow();
    const summary = [`${diff.added.length} added`, `${diff.removed.length} removed`, `${diff.restarted.length} restarted`, `${diff.reshaped.length} reshaped`];
    this.#logger.info(`catalog reloaded: ${summary.join(', ')}`);
    return diff;
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#resolveSettled();
    await this.#hub.close();
    await this.#pool.stop();
    await this.#pins.close();
    await this.#poolOptions.eras?.flushed();
    await this.#poolOptions.snapshots?.flushed();
    await (await this.#telemetry).close();
  }

  /** The first lists wait (a bounded time) for servers still starting; later ones never wait. */
  async #whenListable(): Promise<void> {
    if (this.#settled || !this.#started) return;
    const wait = this.catalog.settings.startupWait;
    if (wait <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#settledPromise, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]);
    clearTimeout(timer);
    this.#rebuildNow();
  }

  #router(): Router {
    const pool = this.#pool;
    // The built-in server is one more target; every other id is a downstream server.
    const builtin: RouteTarget = {
      request: async (method, params) =>
        answerBuiltin(
          method,
          params,
          () => this.statuses(),
          () => this.#pins.alerts(),
        ),
    };
    const recorded = async (serverId: string, method: string, params: Record<string, unknown> | undefined, options: Parameters<RouteTarget['request']>[2]) => {
      const end = this.activity.begin(callStart(serverId, method, params));
      try {
        const result = await pool.request(serverId, method, params, options);
        if (result.isError === true) end('tool-error', toolErrorText(result));
        else end('ok');
        return result;
      } catch (error) {
        end('error', redact(error instanceof Error ? error.message : String(error)));
        throw error;
      }
    };
    const targetOf = (serverId: string): RouteTarget =>
      serverId === BUILTIN_SERVER_ID ? builtin : { request: (method, params, options) => recorded(serverId, method, params, options) };
    return {
      request: (serverId, method, params, options) => targetOf(serverId).request(method, params, options),
      notifyAll: (method, params) => pool.notifyAll(method, params),
      capabilities: (serverId) => {
        const status = pool.get(serverId)?.status();
        // An asleep server's capabilities are those of its snapshot.
        return isServing(status?.state) ? status?.capabilities : undefined;
      },
      connected: () => pool.ids().filter((id) => isServing(pool.get(id)?.state)),
      modern: (serverId) => pool.get(serverId)?.modern === true,
      starting: () => !this.#settled,
    };
  }

  #scheduleRebuild(): void {
    if (this.#stopped || this.#timer || this.#holdAnnouncements) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#rebuildNow();
    }, this.#debounceMs);
  }

  #rebuildNow(): void {
    if (this.#stopped) return;
    const previous = this.#served;
    this.#assembled = this.#build();
    this.#served = this.#serve(this.#assembled);
    // Each view's sessions hear about their own view; those of a removed profile hear that everything went.
    const everything: ListChanges = { tools: true, prompts: true, resources: true };
    for (const profile of new Set([...previous.keys(), ...this.#served.keys()])) {
      const before = previous.get(profile);
      const after = this.#served.get(profile);
      const changes = before && after ? diffServed(before, after, diffViews) : everything;
      if (changes.tools || changes.prompts || changes.resources) this.#hub.announce(changes, profile);
    }
  }

  #serve(assembled: Pick<AssembledView, 'view' | 'profiles'>): ServedViews {
    return serveViews({ settings: this.catalog.settings, profiles: this.catalog.profiles ?? [], view: assembled.view, profileViews: assembled.profiles });
  }

  #build(): AssembledView {
    const assembled = assembleView({
      settings: this.catalog.settings,
      naming: this.#naming,
      ready: this.#pool.snapshots(),
      lastKnown: this.#lastKnown,
      pin: (snapshot) => this.#pins.apply(snapshot),
      heldDetail: (serverId, tool) => this.#pins.heldMessage(serverId, tool),
      status: (serverId) => this.#pool.get(serverId)?.status(),
      profiles: this.catalog.profiles,
    });
    for (const warning of assembled.warnings) this.#warnOnce(warning);
    return assembled;
  }

  /** Logs a warning once per start of the server it is about (rebuilds and host sessions repeat none). */
  #warnOnce({ message, serverId = '', level }: AssembledView['warnings'][number]): void {
    let said = this.#warned.get(serverId);
    if (said?.has(message)) return;
    // A server renaming its tools in a loop makes new messages forever: remember a bounded number.
    if (said === undefined || said.size >= MAX_REMEMBERED_WARNINGS) this.#warned.set(serverId, (said = new Set()));
    said.add(message);
    const fields = serverId !== '' ? { server: serverId } : {};
    if (level === 'info') this.#logger.info(message, fields);
    else this.#logger.warn(message, fields);
  }
}

/** What the activity recorder keeps of a request: its server, method and tool, prompt or URI. */
function callStart(serverId: string, method: string, params: Record<string, unknown> | undefined): CallStart {
  const name = method === 'resources/read' ? params?.uri : params?.name;
  return typeof name === 'string' ? { serverId, method, name } : { serverId, method };
}

/** The first text of a tool result with `isError`, redacted. */
function toolErrorText(result: Record<string, unknown>): string {
  const content = Array.isArray(result.content) ? (result.content as { type?: unknown; text?: unknown }[]) : [];
  const text = content.find((item) => item.type === 'text' && typeof item.text === 'string')?.text;
  return redact(typeof text === 'string' ? text : 'the tool reported an error');
}

/** How each server's names are advertised, the built-in server first (nothing can take its names). */
function namingOf(catalog: Catalog): ServerNaming[] {
  return [BUILTIN_NAMING, ...catalog.servers.filter((server) => server.enabled).map(namingFor)];
}

/** Only the capabilities the gateway relays from a host to its servers. */
function pickClientCapabilities(host: ClientCapabilities): ClientCapabilities {
  return {
    ...(host.sampling ? { sampling: host.sampling } : {}),
    ...(host.elicitation ? { elicitation: host.elicitation } : {}),
    ...(host.roots ? { roots: host.roots } : {}),
    // MCP Apps: the servers learn whether the host renders UIs (some list app-only tools only then).
    ...(host.extensions?.[UI_EXTENSION] ? { extensions: { [UI_EXTENSION]: host.extensions[UI_EXTENSION] } } : {}),
  };
}
