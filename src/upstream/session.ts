/**
 * One host session: its SDK `Server`, the protocol era it speaks, the log level it asked for and
 * the resources it subscribed to. A 2025-11-25 session lives as long as the host's connection; a
 * 2026-07-28 one is a stdio connection (the SDK entry delivers change notifications to its
 * `subscriptions/listen` streams) or a single HTTP request (no unsolicited notifications at all).
 */
import { CLIENT_CAPABILITIES_META_KEY, LOG_LEVEL_META_KEY } from '@modelcontextprotocol/server';
import type { Server, ClientCapabilities, LoggingLevel, ServerContext } from '@modelcontextprotocol/server';
import { LOG_LEVELS } from './log-levels.js';
import type { ResourceSubscriber } from './subscriptions.js';

/** The client capability a host needs to answer each server→client request. */
export const CAPABILITY_OF: Readonly<Record<string, string>> = {
  'sampling/createMessage': 'sampling',
  'elicitation/create': 'elicitation',
  'roots/list': 'roots',
};

/** How a session is served; see `Session`. */
export interface SessionContext {
  era: 'legacy' | 'modern';
  /** Whether notifications nobody asked for in a request (list changes, resource updates) may be sent. */
  unsolicited: boolean;
  /** The catalog profile whose view the session is served; absent: the default view. */
  profile?: string | undefined;
}

export class Session implements ResourceSubscriber {
  /** The level the host set with `logging/setLevel`; undefined = everything. */
  logLevel: LoggingLevel | undefined;
  /** Advertised URIs this session subscribed to. */
  readonly subscriptions = new Set<string>();
  /** When the host last sent a request (for idle reaping and choosing a session). */
  lastActive = Date.now();
  /** The host sent `notifications/initialized`: notifications may flow from now on. */
  initialized = false;
  closed = false;
  /** Called once, at the first request other than `initialize` and `server/discover`, with the host's capabilities. */
  onFirstRequest: ((capabilities: ClientCapabilities) => void) | undefined;

  constructor(
    readonly server: Server,
    readonly context: SessionContext = { era: 'legacy', unsolicited: true },
  ) {
    // 2026-07-28 has no initialize: every request stands alone.
    if (context.era === 'modern') this.initialized = true;
  }

  /** A request is being served: the session is active, and the first one is announced. */
  noteRequest(during: ServerContext): void {
    this.lastActive = Date.now();
    const first = this.onFirstRequest;
    if (!first) return;
    this.onFirstRequest = undefined;
    first(this.capabilitiesDuring(during) ?? {});
  }

  /** The host's client capabilities: declared at initialize (2025-11-25) or in each request's envelope (2026-07-28). */
  capabilitiesDuring(during?: ServerContext): ClientCapabilities | undefined {
    if (this.context.era === 'legacy') return this.clientCapabilities;
    const envelope = during?.mcpReq.envelope as Record<string, unknown> | undefined;
    return envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  }

  get clientCapabilities(): ClientCapabilities | undefined {
    return this.server.getClientCapabilities();
  }

  /** A resource it subscribed to changed (see subscriptions.ts). */
  resourceUpdated(params: { uri: string } & Record<string, unknown>): void {
    void this.server.sendResourceUpdated(params).catch(() => {});
  }

  /**
   * Whether a log message of `level` passes this session's threshold: the level set with
   * `logging/setLevel` (2025-11-25), or the `logLevel` of the request it belongs to (2026-07-28,
   * where a request without one gets no logs and nothing is logged outside a request).
   */
  wantsLog(level: LoggingLevel, during?: ServerContext): boolean {
    const threshold = this.context.era === 'modern' ? modernLogLevel(during) : this.logLevel;
    if (threshold === undefined) return this.context.era === 'legacy';
    return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(threshold);
  }

  /** Whether the host can answer a server→client request of this method (during the call `during`). */
  canAnswer(method: string, during?: ServerContext): boolean {
    const caps = this.capabilitiesDuring(during);
    if (method === 'sampling/createMessage') return caps?.sampling !== undefined;
    if (method === 'elicitation/create') return caps?.elicitation !== undefined;
    if (method === 'roots/list') return caps?.roots !== undefined;
    return false;
  }
}

function modernLogLevel(during: ServerContext | undefined): LoggingLevel | undefined {
  const level = (during?.mcpReq.envelope as Record<string, unknown> | undefined)?.[LOG_LEVEL_META_KEY];
  return typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level) ? (level as LoggingLevel) : undefined;
}
