/**
 * Serving the federation over MCP Streamable HTTP on a plain `node:http` server, in both eras:
 * `/mcp` (2025-11-25 sessions: POST, GET for the server stream, DELETE to end one; 2026-07-28:
 * one POST per request, see eras.ts), `/mcp/<profile>` the same for each catalog profile's view
 * (a session belongs to the endpoint that opened it), `/healthz` for anyone, `/status` and `/metrics` (Prometheus) for token holders. Every request passes, in order: Host and Origin (403),
 * bearer token (401), then routing by session (400 / 404) to that session's SDK transport, which
 * answers the protocol edges itself (406 Accept, 415 Content-Type, 413 body cap, 400
 * `MCP-Protocol-Version`).
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SessionFactory } from '../ports.js';
import type { Logger } from '../../log.js';
import { silentLogger } from '../../log.js';
import { BearerAuth, challenge, generateToken } from './auth.js';
import { answerPreflight, applyCors } from './cors.js';
import type { ServerState } from './health.js';
import { healthOf, healthzBody, statusReport } from './health.js';
import { HTTP_DEFAULTS } from '../../config/schema-parts.js';
import { isLoopbackHost } from '../../shared/hosts.js';
import { OriginPolicy } from './origin.js';
import { HTTP_ERROR_CODE, sendJson, sendJsonRpcError } from './responses.js';
import { resourceSubscriptionsOf } from '../listen-watches.js';
import { classifyPost, modernEndpoint } from './eras.js';
import type { ModernEndpoint } from './eras.js';
import { endpointOf } from './profile-paths.js';
import { SessionTable } from './sessions.js';

/** What the HTTP server needs from the gateway (a `Gateway` fits). */
export interface HttpGatewayPort extends SessionFactory {
  statuses(): readonly ServerState[];
  /** The Prometheus text exposition for `/metrics`; undefined (or absent) when metrics are off: 404. */
  metrics?(): Promise<{ contentType: string; body: string } | undefined>;
}

export interface HttpServeOptions {
  /** Interface to bind. A non-loopback address exposes the gateway to the network. @default '127.0.0.1' */
  host?: string;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Bearer tokens accepted (at least 16 characters each). None given: one is generated and returned as `token`. */
  tokens?: readonly string[];
  /** Serve without authentication. Refused unless `host` is a loopback address. @default false */
  noAuth?: boolean;
  /** Browser origins accepted besides localhost ones, e.g. `https://app.example.com`. @default [] */
  allowedOrigins?: readonly string[];
  /** `Host` values accepted besides loopback names, IP literals and the bind host. @default [] */
  allowedHosts?: readonly string[];
  /** Close a session after this long without an exchange in progress, ms. @default 1800000 */
  sessionIdleTtlMs?: number;
  /** Most sessions open at once (oldest idle evicted, else 503). @default 1000 */
  maxSessions?: number;
  /** Largest request body, bytes; above it: 413. @default 4194304 */
  maxBodyBytes?: number;
  /** How long `close()` lets in-flight POSTs finish before closing sessions anyway, ms. @default 10000 */
  shutdownGraceMs?: number;
  /** Who may read `/metrics`: token holders (like `/status`), or anyone past the Host and Origin checks. @default 'token' */
  metricsAuth?: 'token' | 'none';
  /** Settles when `gateway.start()` settles; until then health may say `starting`. @default already settled */
  started?: Promise<unknown>;
  logger?: Logger;
}

export interface HttpServing {
  /** `http://HOST:PORT/mcp` with the port actually bound. */
  url: string;
  host: string;
  port: number;
  /** The token clients must send, when it was generated here (never set when tokens were given). */
  generatedToken?: string;
  /** Live sessions right now. */
  readonly sessions: number;
  /**
   * Graceful stop: refuse new requests, let in-flight POSTs finish (up to the grace period), close
   * every session, close the listener. The gateway itself is the caller's to stop. Idempotent.
   */
  close(): Promise<void>;
}

export async function startHttpServer(gateway: HttpGatewayPort, options: HttpServeOptions = {}): Promise<HttpServing> {
  const host = options.host ?? HTTP_DEFAULTS.host;
  const logger = options.logger ?? silentLogger;
  if (options.noAuth && !isLoopbackHost(host)) {
    throw new Error(`refusing to serve without authentication on ${host}: --no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost)`);
  }
  const generatedToken = !options.noAuth && (options.tokens?.length ?? 0) === 0 ? generateToken() : undefined;
  const auth = new BearerAuth(options.noAuth ? [] : generatedToken ? [generatedToken] : (options.tokens ?? []));
  const maxBodyBytes = options.maxBodyBytes ?? HTTP_DEFAULTS.maxBodyBytes;
  const sessions = new SessionTable({
    createServer: (profile) => gateway.createSession({ era: 'legacy', unsolicited: true, ...(profile !== undefined && { profile }) }),
    idleTtlMs: options.sessionIdleTtlMs ?? HTTP_DEFAULTS.sessionIdleTtl,
    maxBodyBytes,
    maxSessions: options.maxSessions ?? HTTP_DEFAULTS.maxSessions,
    logger,
  });
  let settled = options.started === undefined;
  void options.started?.finally(() => (settled = true)).catch(() => {});
  // One 2026-07-28 endpoint per view, made at its first request (profiles are the catalog's, so they are few).
  const moderns = new Map<string | undefined, ModernEndpoint>();
  const modernOf = (profile: string | undefined): ModernEndpoint => {
    let endpoint = moderns.get(profile);
    if (!endpoint) {
      endpoint = modernEndpoint(gateway, { maxBodyBytes, logger, ...(profile !== undefined && { profile }) });
      moderns.set(profile, endpoint);
    }
    return endpoint;
  };
  let closing: Promise<void> | undefined;
  /** POSTs in progress (calls); GET and listen streams are not waited for at shutdown. */
  const inFlight = new Set<ServerResponse>();
  let onPostsDone: (() => void) | undefined;
  const uncount = (res: ServerResponse) => {
    if (inFlight.delete(res) && inFlight.size === 0) onPostsDone?.();
  };

  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const verdict = policy.check(req);
    if (!verdict.ok) return sendJsonRpcError(res, 403, verdict.message);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname; // the query string is never read
    if (req.method === 'OPTIONS') return answerPreflight(req, res);
    applyCors(req, res);
    if (path === '/healthz') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
      const health = healthOf(gateway.statuses(), settled);
      return sendJson(res, health === 'starting' ? 503 : 200, healthzBody(health));
    }
    if (path.startsWith('/.well-known/oauth-')) {
      // Hosts (the Inspector) try OAuth discovery after a 401; say plainly there is none to find.
      return sendJson(res, 404, { error: 'not_found', message: NO_OAUTH_MESSAGE });
    }
    if (path === '/metrics' && options.metricsAuth === 'none') return serveMetrics(gateway, req, res);
    const who = auth.check(req);
    if (!who.ok) {
      return sendJsonRpcError(res, 401, 'Unauthorized: send Authorization: Bearer <token>', { headers: { 'www-authenticate': challenge(who.reason) } });
    }
    if (path === '/status') {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET');
      const servers = gateway.statuses();
      return sendJson(res, 200, statusReport(servers, healthOf(servers, settled), sessions.size));
    }
    if (path === '/metrics') return serveMetrics(gateway, req, res);
    const endpoint = endpointOf(path, gateway.profileNames?.() ?? []);
    if (!endpoint.ok) return sendJsonRpcError(res, 404, endpoint.message);
    const { profile } = endpoint;
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') return methodNotAllowed(res, 'GET, POST, DELETE');

    const ids = req.headersDistinct['mcp-session-id'];
    if (ids === undefined) {
      if (req.method !== 'POST') return sendJsonRpcError(res, 400, 'Bad Request: Mcp-Session-Id header is required');
      const post = await classifyPost(req, maxBodyBytes);
      if (post.era === 'refused') return sendJsonRpcError(res, post.status, post.message, { code: post.code });
      if (post.era === 'legacy') return sessions.open(req, res, who.principal, post.body, profile);
      const modern = modernOf(profile);
      const listen = post.body as { method?: unknown; params?: unknown } | null;
      if (listen?.method === 'subscriptions/listen') {
        // A listen stream lasts as long as the host wants: shutdown does not wait for it.
        uncount(res);
        const uris = resourceSubscriptionsOf(listen.params);
        if (uris.length > 0 && gateway.watchResources)
          res.once(
            'close',
            gateway.watchResources(uris, (params) => modern.resourceUpdated(params.uri), profile),
          );
      }
      return modern.serve(req, res, post.body);
    }
    if (ids.length !== 1) return sendJsonRpcError(res, 400, 'Bad Request: exactly one Mcp-Session-Id header is allowed');
    const session = sessions.get(ids[0] ?? '');
    // A session belongs to the token and the endpoint that opened it: to any other it does not exist.
    if (!session || session.principal !== who.principal || session.profile !== profile) {
      return sendJsonRpcError(res, 404, 'Session not found: it ended or never existed; initialize a new one', { code: HTTP_ERROR_CODE.sessionNotFound });
    }
    return sessions.serve(session, req, res);
  };

  const http = createServer((req, res) => {
    if (closing) {
      res.setHeader('connection', 'close');
      return sendJsonRpcError(res, 503, 'Service Unavailable: the gateway is shutting down');
    }
    if (req.method === 'POST') {
      inFlight.add(res);
      res.once('close', () => uncount(res));
    }
    route(req, res).catch((error: unknown) => {
      logger.error('HTTP request failed', { method: req.method, error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) sendJsonRpcError(res, 500, 'Internal error', { code: -32603 });
      else res.end();
    });
  });
  // A slow client cannot hold a request open forever; SSE responses are not affected.
  http.requestTimeout = 60_000;
  http.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  http.on('error', (error) => logger.error('HTTP server error', { error: error.message }));
  const { port } = http.address() as AddressInfo;
  // Defined once the port is known; requests are only read after listen() has resolved.
  const policy = new OriginPolicy({ bindHost: host, port, allowedHosts: options.allowedHosts ?? [], allowedOrigins: options.allowedOrigins ?? [] });
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}/mcp`;

  const close = async (): Promise<void> => {
    const graceMs = options.shutdownGraceMs ?? HTTP_DEFAULTS.shutdownGrace;
    http.close();
    http.closeIdleConnections();
    if (inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, graceMs);
        onPostsDone = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      if (inFlight.size > 0) logger.warn(`closing ${inFlight.size} request(s) still in flight after the ${graceMs} ms grace period`);
    }
    await Promise.all([sessions.closeAll(), ...[...moderns.values()].map((modern) => modern.close())]);
    http.closeAllConnections();
  };

  return {
    url,
    host,
    port,
    ...(generatedToken !== undefined && { generatedToken }),
    get sessions() {
      return sessions.size;
    },
    close: () => (closing ??= close()),
  };
}

/** The answer to OAuth discovery: this gateway authenticates hosts with a static bearer token only. */
const NO_OAUTH_MESSAGE =
  'This gateway has no OAuth for hosts: send the bearer token it printed at start-up as "Authorization: Bearer <token>" (in the MCP Inspector, switch the Authorization header row on).';

/** `/metrics`: the Prometheus text format, or 404 when metrics are off. */
async function serveMetrics(gateway: HttpGatewayPort, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(res, 'GET, HEAD');
  const metrics = await gateway.metrics?.();
  if (!metrics) return sendJsonRpcError(res, 404, 'Not Found: metrics are off (settings.telemetry.metrics.enabled)');
  res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  res.end(req.method === 'HEAD' ? undefined : metrics.body);
}

function methodNotAllowed(res: ServerResponse, allow: string): void {
  sendJsonRpcError(res, 405, 'Method Not Allowed', { headers: { allow } });
}
