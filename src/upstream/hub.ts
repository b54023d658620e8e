/**
 * The upstream hub: one SDK `Server` per host session (one per stdio connection, per 2025-11-25
 * HTTP session, per 2026-07-28 HTTP request), all reading the same registry view and routing
 * through the same router. It is also where traffic from the servers meets the sessions: list
 * changes, log messages, resource updates, task status and server→client requests (sampling,
 * elicitation, roots).
 */
import { MissingRequiredClientCapabilityError, Server, ProtocolErrorCode } from '@modelcontextprotocol/server';
import type { ClientCapabilities, Implementation, LoggingLevel, ServerNotification, ServerRequest } from '@modelcontextprotocol/server';
import { WireError } from '../errors.js';
import type { Logger } from '../log.js';
import { advertisedCapabilities } from './capabilities.js';
import { MODERN_CACHE_FIELDS } from './eras.js';
import { registerHandlers } from './handlers.js';
import { LogRateLimiter } from './log-limiter.js';
import { CallTracker } from './inflight.js';
import { InputBridge } from './input-bridge.js';
import { TaskTable } from './tasks.js';
import { Paginator } from './pagination.js';
import type { ListChanges, Router, ServedView, ViewSources } from './ports.js';
import { EMPTY_VIEW, unknownProfile } from './profile-views.js';
import { RequestObserver } from './request-events.js';
import { LooseResult } from './schemas.js';
import { LOG_LEVELS } from './log-levels.js';
import { CAPABILITY_OF, Session, type SessionContext } from './session.js';
import { Subscriptions, type ResourceSubscriber } from './subscriptions.js';

/** URIs one listen stream may watch (the rest of its list is ignored). */
const MAX_WATCHED_URIS = 1000;

export interface HubOptions {
  info: Implementation;
  logger: Logger;
  /** The default view and each profile's. */
  views: ViewSources;
  router: Router;
  instructions?: string;
  /** Items per page of upstream lists; 0 = no pagination. @default 0 */
  pageSize?: number;
  /** Log messages relayed per server per second (sustained), and at once. @default { perSecond: 50, burst: 200 } */
  logRate?: { perSecond: number; burst: number };
  /** Resolves when lists may be answered (the first lists wait a bounded time for starting servers). */
  whenListable?: () => Promise<void>;
  /** A host opened a session (initialized, or its first request in 2026-07-28), with its client capabilities. */
  onInitialize?: (clientCapabilities: ClientCapabilities) => void;
}

export class UpstreamHub {
  readonly #sessions = new Set<Session>();
  readonly #announceListeners = new Set<(changes: ListChanges, profile: string | undefined) => void>();
  readonly #calls = new CallTracker();
  readonly #bridge = new InputBridge();
  readonly #tasks = new TaskTable();
  readonly #logLimit: LogRateLimiter;
  readonly #subscriptions: Subscriptions;
  readonly #paginator: Paginator;
  readonly #log: Logger;
  /** Every host request served and every downstream request made for one, as typed events (for telemetry). */
  readonly requests = new RequestObserver();

  constructor(private readonly options: HubOptions) {
    this.#subscriptions = new Subscriptions(options.router);
    this.#paginator = new Paginator(options.pageSize ?? 0);
    this.#log = options.logger;
    this.#logLimit = new LogRateLimiter(options.logRate ?? {});
  }

  /** A new `Server` for one host session, ready to `connect()` to its transport (or an SDK entry's). */
  createSession(context?: SessionContext): Server {
    const { info, instructions, router } = this.options;
    // Capabilities are fixed per session when it is made, which is when its host opens it (the
    // `initialize` of 2025-11-25; the opening request of 2026-07-28, whose `server/discover` the SDK
    // answers from them): the union of what the servers offer then, everything while some start.
    // 2025-11-25 tasks are relayed to 2025-11-25 hosts only (2026-07-28 has them as an extension, not relayed yet).
    const capabilities = { ...advertisedCapabilities(router) };
    if (context?.era === 'modern') delete capabilities.tasks;
    const server = new Server(info, {
      capabilities,
      cacheHints: { 'server/discover': MODERN_CACHE_FIELDS },
      ...(instructions ? { instructions } : {}),
    });
    const session = new Session(server, context);
    const { views } = this.options;
    const profile = session.context.profile;
    // A session sees its profile's view, whatever it is now; a profile removed on reload leaves it an empty one.
    const served = (): ServedView | undefined => views.served(profile);
    registerHandlers(session, {
      view: () => served()?.view ?? EMPTY_VIEW,
      served,
      profileGone: () => (served() === undefined ? unknownProfile(profile, views.profiles(), 'removed') : undefined),
      router,
      paginator: this.#paginator,
      calls: this.#calls,
      subscriptions: this.#subscriptions,
      onLogLevel: (s, level) => this.#setLogLevel(s, level),
      whenListable: this.options.whenListable ?? (async () => {}),
      bridge: this.#bridge,
      tasks: this.#tasks,
      observer: this.requests,
    });
    // The servers start once a host is really there: initialized (2025-11-25), or at its first
    // request other than `server/discover` (2026-07-28: a probe must not boot anything), offering
    // the servers the client capabilities the host declares (a 2026-07-28 host's through input_required).
    if (session.context.era === 'modern') session.onFirstRequest = (capabilities) => this.options.onInitialize?.(capabilities);
    // Nothing but responses goes to a host before it says it is initialized.
    server.oninitialized = () => {
      session.initialized = true;
      this.options.onInitialize?.(server.getClientCapabilities() ?? {});
    };
    server.setNotificationHandler('notifications/roots/list_changed', () => router.notifyAll('notifications/roots/list_changed'));
    server.onclose = () => void this.#end(session);
    server.onerror = (error) => this.#log.debug('upstream session error', { error: error.message });
    this.#sessions.add(session);
    return server;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Calls `listener` with every announced change (for hosting that fans them out itself); returns the function that stops it. */
  onAnnounce(listener: (changes: ListChanges, profile: string | undefined) => void): () => void {
    this.#announceListeners.add(listener);
    return () => void this.#announceListeners.delete(listener);
  }

  /**
   * Sends `list_changed` for each changed kind to every live session of `profile`'s view
   * (undefined: the default view) that takes unsolicited notifications.
   */
  announce(changes: ListChanges, profile?: string): void {
    for (const listener of this.#announceListeners) listener(changes, profile);
    for (const { server, initialized, context } of this.#sessions) {
      if (context.profile !== profile) continue;
      if (!server.transport || !initialized || !context.unsolicited) continue;
      if (changes.tools) void server.sendToolListChanged().catch(() => {});
      if (changes.prompts) void server.sendPromptListChanged().catch(() => {});
      if (changes.resources) void server.sendResourceListChanged().catch(() => {});
    }
  }

  /** A server sent a notification the hosts may need: a log message or a resource update. */
  relayNotification(serverId: string, notification: ServerNotification): void {
    if (notification.method === 'notifications/message') {
      const verdict = this.#logLimit.admit(serverId);
      if (!verdict.relay) return;
      if (verdict.droppedBefore > 0) {
        this.#log.warn(`server "${serverId}" sent ${verdict.droppedBefore} log message(s) over the rate limit; they were dropped`);
      }
      const params = { ...notification.params, logger: notification.params.logger ?? serverId };
      const message = { method: notification.method, params } as ServerNotification;
      // A log during a call belongs to that call's session only; with calls from several sessions
      // in flight it cannot be told whose it is, so nobody gets it; with none, it is unprompted.
      const cause = this.#calls.attribute(serverId);
      if (cause.kind === 'call') {
        if (cause.call.session.wantsLog(params.level, cause.call.extra)) void cause.call.extra.mcpReq.notify(message).catch(() => {});
        return;
      }
      if (cause.kind === 'ambiguous') {
        this.#log.debug(`dropped a log message from server "${serverId}": calls from ${cause.sessions} sessions are in flight`);
        return;
      }
      for (const session of this.#sessions) {
        if (session.initialized && session.context.unsolicited && session.wantsLog(params.level)) void session.server.notification(message).catch(() => {});
      }
      return;
    }
    const { method, params: raw } = notification as { method: string; params?: Record<string, unknown> };
    if (method === 'notifications/tasks/status') {
      // A task's status goes to the session that created it, under the id it knows.
      const taskId = raw?.taskId;
      const entry = typeof taskId === 'string' ? this.#tasks.byServerTask(serverId, taskId) : undefined;
      const owner = entry?.owner as Session | undefined;
      if (entry && owner && this.#sessions.has(owner)) void owner.server.notification({ method, params: { ...raw, taskId: entry.id } }).catch(() => {});
      return;
    }
    if (notification.method === 'notifications/resources/updated') {
      const subscribed = this.#subscriptions.subscribers(serverId, notification.params.uri);
      for (const subscriber of subscribed?.sessions ?? []) subscriber.resourceUpdated({ ...notification.params, uri: subscribed!.advertised });
      return;
    }
    this.#log.debug(`dropped notification ${notification.method} from server "${serverId}"`);
  }

  /**
   * A server asks its client something (sampling, elicitation, roots). Only the session whose call
   * caused it may answer, on that call's stream. With no call in flight, or calls from several
   * sessions in flight, nobody is guessed: the request is refused and a warning logged; `roots/list`
   * is answered with an empty list instead (the catalog configures no roots, and an empty list
   * discloses nothing while letting a server that asks at start-up carry on).
   */
  async relayServerRequest(serverId: string, request: ServerRequest, signal: AbortSignal): Promise<unknown> {
    const cause = this.#calls.attribute(serverId);
    if (cause.kind === 'call') {
      const { call } = cause;
      if (!call.session.canAnswer(request.method, call.extra)) {
        const capability = CAPABILITY_OF[request.method] ?? request.method;
        // A 2026-07-28 host is told in its own request which capability the call needs (-32021).
        call.refuse?.(new MissingRequiredClientCapabilityError({ requiredCapabilities: { [capability]: {} } }));
        throw new WireError(
          ProtocolErrorCode.MethodNotFound,
          `server "${serverId}" sent ${request.method}, but the host whose call caused it did not declare the \`${capability}\` client capability`,
          { method: request.method, requiredCapability: capability },
        );
      }
      if (call.ask) return call.ask({ method: request.method, ...(request.params ? { params: request.params as Record<string, unknown> } : {}) });
      return call.extra.mcpReq.send(request, LooseResult, { signal });
    }
    const why =
      cause.kind === 'none'
        ? 'no host call to it is in flight, so no session caused it'
        : `calls from ${cause.sessions} host sessions are in flight to it, so which session caused it is ambiguous`;
    if (request.method === 'roots/list') {
      this.#log.warn(`answered roots/list from server "${serverId}" with no roots: ${why}`);
      return { roots: [] };
    }
    this.#log.warn(`refused ${request.method} from server "${serverId}": ${why}`);
    throw new WireError(
      ProtocolErrorCode.InvalidRequest,
      `mcp-switchboard refused ${request.method} from server "${serverId}": ${why}; it relays such requests only during a call from one session`,
    );
  }

  /**
   * A 2026-07-28 host's listen stream wants updates of `uris` (advertised in `profile`'s view):
   * their owners are subscribed and `deliver` gets each update, until the returned function is
   * called. URIs the view does not offer are skipped.
   */
  watchResources(uris: readonly string[], deliver: (params: { uri: string } & Record<string, unknown>) => void, profile?: string): () => void {
    const watcher: ResourceSubscriber = { subscriptions: new Set(), resourceUpdated: deliver };
    const view = this.options.views.served(profile)?.view ?? EMPTY_VIEW;
    const routes = uris.slice(0, MAX_WATCHED_URIS).flatMap((uri) => {
      const route = view.routeResource(uri);
      return route ? [{ uri, route }] : [];
    });
    for (const { uri, route } of routes) {
      void this.#subscriptions.subscribe(watcher, uri, route).catch((error: unknown) => {
        this.#log.debug(`could not subscribe to ${uri} for a listen stream`, { error: String(error) });
      });
    }
    return () => void this.#subscriptions.release(watcher).catch(() => undefined);
  }

  /** A server (re)connected: give it what the sessions asked for before. */
  async serverReady(serverId: string): Promise<void> {
    this.#tasks.serverRestarted(serverId);
    await this.#subscriptions.renew(serverId);
    const level = this.#mostVerboseLevel();
    if (level && this.options.router.capabilities(serverId)?.logging) {
      await this.options.router.request(serverId, 'logging/setLevel', { level }, {}).catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.#bridge.close();
    const sessions = [...this.#sessions];
    await Promise.allSettled(sessions.map(({ server }) => server.close()));
    this.#sessions.clear();
  }

  async #end(session: Session): Promise<void> {
    if (session.closed) return;
    session.closed = true;
    this.#sessions.delete(session);
    this.#tasks.release(session);
    await this.#subscriptions.release(session).catch(() => undefined);
  }

  async #setLogLevel(session: Session, level: LoggingLevel): Promise<void> {
    session.logLevel = level;
    // Servers log at the most verbose level any session wants; each session filters its own.
    const wanted = this.#mostVerboseLevel() ?? level;
    const { router } = this.options;
    const targets = router.connected().filter((id) => router.capabilities(id)?.logging !== undefined);
    await Promise.all(targets.map((id) => router.request(id, 'logging/setLevel', { level: wanted }, {}).catch(() => undefined)));
  }

  #mostVerboseLevel(): LoggingLevel | undefined {
    const levels = [...this.#sessions].map((s) => s.logLevel).filter((l): l is LoggingLevel => l !== undefined);
    if (levels.length === 0) return undefined;
    return LOG_LEVELS[Math.min(...levels.map((l) => LOG_LEVELS.indexOf(l)))];
  }
}
