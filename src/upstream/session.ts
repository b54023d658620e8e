/**
 * One host session: its SDK `Server`, the log level it asked for and the resources it subscribed to.
 */
import type { Server, ClientCapabilities, LoggingLevel } from '@modelcontextprotocol/server';
import { LOG_LEVELS } from './log-levels.js';

export class Session {
  /** The level the host set with `logging/setLevel`; undefined = everything. */
  logLevel: LoggingLevel | undefined;
  /** Advertised URIs this session subscribed to. */
  readonly subscriptions = new Set<string>();
  /** When the host last sent a request (for idle reaping and choosing a session). */
  lastActive = Date.now();
  /** The host sent `notifications/initialized`: notifications may flow from now on. */
  initialized = false;
  closed = false;

  constructor(readonly server: Server) {}

  get clientCapabilities(): ClientCapabilities | undefined {
    return this.server.getClientCapabilities();
  }

  /** Whether a log message of `level` passes this session's threshold. */
  wantsLog(level: LoggingLevel): boolean {
    if (this.logLevel === undefined) return true;
    return LOG_LEVELS.indexOf(level) >= LOG_LEVELS.indexOf(this.logLevel);
  }

  /** Whether the host can answer a server→client request of this method. */
  canAnswer(method: string): boolean {
    const caps = this.clientCapabilities;
    if (method === 'sampling/createMessage') return caps?.sampling !== undefined;
    if (method === 'elicitation/create') return caps?.elicitation !== undefined;
    if (method === 'roots/list') return caps?.roots !== undefined;
    return false;
  }
}
