/**
 * The table of live HTTP sessions: one SDK Streamable HTTP transport and one upstream `Server`
 * per session, the digest of the token that opened it, and idle reaping. A session ends by
 * DELETE, by idling past the TTL, or at shutdown; every way closes its transport and its server.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import type { Server } from '@modelcontextprotocol/server';
import type { Logger } from '../../log.js';
import { ResponseBacklog } from './backlog.js';
import { sendJsonRpcError } from './responses.js';

export interface HttpSession {
  readonly id: string;
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly server: Server;
  /** Digest of the token that opened the session ('' without auth). */
  readonly principal: string;
  /** The profile whose endpoint (`/mcp/<profile>`) opened it; undefined for `/mcp`. */
  readonly profile: string | undefined;
  /** When the last HTTP exchange of this session started or ended (ms since epoch). */
  lastSeen: number;
  /** HTTP exchanges in progress, SSE streams included: a session with one open is never idle. */
  open: number;
  /** Its open responses, whose unread bytes bound what is sent (see backlog.ts). */
  readonly backlog: ResponseBacklog;
  closing: boolean;
}

export interface SessionTableOptions {
  /** A fresh upstream `Server` (not yet connected) for each new session, serving `profile`'s view (undefined: the default). */
  createServer: (profile: string | undefined) => Server;
  /** Close a session after this long without an exchange in progress, ms. */
  idleTtlMs: number;
  /** Largest request body the transport reads, bytes. */
  maxBodyBytes: number;
  /** Most sessions open at once; at the cap the oldest idle one is evicted, else 503. */
  maxSessions?: number;
  logger: Logger;
}

export class SessionTable {
  readonly #sessions = new Map<string, HttpSession>();
  readonly #reaper: NodeJS.Timeout;

  constructor(private readonly options: SessionTableOptions) {
    const every = Math.max(10, Math.min(Math.floor(options.idleTtlMs / 2), 60_000));
    this.#reaper = setInterval(() => this.reapIdle(), every);
    this.#reaper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  get(id: string): HttpSession | undefined {
    return this.#sessions.get(id);
  }

  /**
   * Serves a 2025-11-25 request that carries no session id (with its body, when already read).
   * The SDK transport decides: an `initialize`
   * opens a session (registered here, bound to `principal`); anything else gets its 4xx, and the
   * unused transport and server are closed at once.
   */
  async open(req: IncomingMessage, res: ServerResponse, principal: string, body?: unknown, profile?: string): Promise<void> {
    if (!this.#makeRoom()) {
      this.options.logger.warn('session refused: at the session cap and none idle', { sessions: this.#sessions.size });
      return sendJsonRpcError(
        res,
        503,
        `Service Unavailable: ${this.#sessions.size} sessions open (settings.http.maxSessions) and none idle; retry later or end a session`,
        {
          headers: { 'retry-after': '5' },
        },
      );
    }
    const server = this.options.createServer(profile);
    let session: HttpSession | undefined;
    const log = this.options.logger;
    const backlog = new ResponseBacklog({
      onDrop: (dropped) =>
        log.warn(`a session's host is not reading its stream: dropped ${dropped} log message(s) so far; answers are kept`, { session: session?.id }),
      onStall: (buffered) => log.warn(`closed a stream whose host stopped reading (${buffered} bytes waiting)`, { session: session?.id }),
    });
    backlog.track(res);
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      maxRequestBodySize: this.options.maxBodyBytes,
      onsessioninitialized: (id) => {
        // The exchange that opens the session is in progress until its response closes.
        const opened: HttpSession = { id, transport, server, principal, profile, lastSeen: Date.now(), open: 1, closing: false, backlog };
        session = opened;
        this.#sessions.set(id, opened);
        res.once('close', () => this.#end(opened));
        this.options.logger.debug('session opened', { session: id, sessions: this.#sessions.size });
      },
    });
    const send = transport.send.bind(transport);
    transport.send = (message, options) => (backlog.admit(message) ? send(message, options) : Promise.resolve());
    // Set before connect(): the SDK chains its own close handling after this one.
    transport.onclose = () => {
      if (session) void this.#forget(session, 'closed');
    };
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!session) await server.close();
  }

  /** Serves a request of an existing session, counting it as in progress until its response closes. */
  async serve(session: HttpSession, req: IncomingMessage, res: ServerResponse): Promise<void> {
    session.open += 1;
    session.lastSeen = Date.now();
    session.backlog.track(res);
    res.once('close', () => this.#end(session));
    await session.transport.handleRequest(req, res);
  }

  /** Closes every session idle for longer than the TTL; returns how many. */
  reapIdle(now = Date.now()): number {
    let reaped = 0;
    for (const session of this.#sessions.values()) {
      if (session.open > 0 || now - session.lastSeen <= this.options.idleTtlMs) continue;
      reaped += 1;
      void this.#forget(session, 'idle');
    }
    if (reaped > 0) this.options.logger.debug('idle sessions closed', { reaped, sessions: this.#sessions.size });
    return reaped;
  }

  /**
   * Keeps the table under `maxSessions`: at the cap, the idle session seen least recently is
   * closed to make room. False when every session has an exchange in progress.
   */
  #makeRoom(): boolean {
    const max = this.options.maxSessions ?? Number.POSITIVE_INFINITY;
    while (this.#sessions.size >= max) {
      let oldest: HttpSession | undefined;
      for (const session of this.#sessions.values()) {
        if (session.open === 0 && (!oldest || session.lastSeen < oldest.lastSeen)) oldest = session;
      }
      if (!oldest) return false;
      void this.#forget(oldest, 'evicted');
    }
    return true;
  }

  /** Closes every session (shutdown). */
  async closeAll(): Promise<void> {
    clearInterval(this.#reaper);
    const all = [...this.#sessions.values()];
    await Promise.allSettled(all.map((session) => this.#forget(session, 'shutdown')));
  }

  #end(session: HttpSession): void {
    session.open = Math.max(0, session.open - 1);
    session.lastSeen = Date.now();
  }

  #forget(session: HttpSession, why: string): Promise<void> {
    if (session.closing) return Promise.resolve();
    session.closing = true;
    this.#sessions.delete(session.id);
    this.options.logger.debug('session closed', { session: session.id, why, sessions: this.#sessions.size });
    // server.close() closes the transport (idempotent), which ends its streams.
    return session.server.close().catch((error: unknown) => {
      this.options.logger.debug('session close failed', { session: session.id, error: String(error) });
    });
  }
}
