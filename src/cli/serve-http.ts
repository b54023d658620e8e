/**
 * `serve --http`: the gateway as a long-lived Streamable HTTP service. Settings come from the
 * catalog's `settings.http`, flags override host and port; the bearer token comes from
 * `settings.http.token`, else `$MCP_SWITCHBOARD_TOKEN`, else it is generated and printed once.
 */
import { HttpSettingsSchema } from '../config/schema.js';
import type { Catalog } from '../config/schema.js';
import { ALL_CLIENT_CAPABILITIES, Gateway } from '../gateway.js';
import { createLogger } from '../log.js';
import { MIN_TOKEN_LENGTH } from '../upstream/http/auth.js';
import { isLoopbackHost } from '../shared/hosts.js';
import { startHttpServer } from '../upstream/http/server.js';
import { parsePort, UsageError } from './args.js';
import { followCatalog, reportStartup } from './serving.js';
import { guardProcess } from './crash-guard.js';
import { controlOf, startControl } from './control.js';

export interface ServeHttpFlags {
  config: string;
  host?: string;
  port?: string;
  noAuth: boolean;
  /** Follow edits of the catalog file (hot reload). */
  watch: boolean;
}

/** Time allowed for stopping every child after the HTTP side has closed. */
const STOP_DEADLINE_MS = 8_000;

/** The tokens to accept, and where they came from (never the token itself, for logs). */
function resolveTokens(catalog: Catalog, env: NodeJS.ProcessEnv): { tokens: string[]; source: string } {
  const configured = catalog.settings.http?.token;
  if (configured !== undefined) return { tokens: typeof configured === 'string' ? [configured] : configured, source: 'settings.http.token' };
  const fromEnv = env.MCP_SWITCHBOARD_TOKEN;
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_TOKEN_LENGTH) throw new UsageError(`serve: MCP_SWITCHBOARD_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters`);
    return { tokens: [fromEnv], source: 'MCP_SWITCHBOARD_TOKEN' };
  }
  return { tokens: [], source: 'generated' };
}

function connectInstructions(url: string, token: string): string {
  const header = `Authorization: Bearer ${token}`;
  return `
Connect a client (every request needs the header "${header}"):
  MCP Inspector (CLI):  npx @modelcontextprotocol/inspector --cli ${url} --transport http --header "${header}" --method tools/list
  MCP Inspector (web):  npx @modelcontextprotocol/inspector   then Transport "Streamable HTTP", URL ${url},
                        and under Authentication add the header Authorization = Bearer ${token},
                        then switch that header row ON (the Inspector adds it switched off)
  Claude Code:          claude mcp add --transport http switchboard ${url} --header "${header}"
`;
}

export async function serveHttpCommand(flags: ServeHttpFlags, loadCatalog: (file: string) => Promise<Catalog | undefined>): Promise<number> {
  const catalog = await loadCatalog(flags.config);
  if (!catalog) return 2;
  const settings = catalog.settings.http ?? HttpSettingsSchema.parse({});
  const host = flags.host ?? settings.host;
  const port = parsePort('serve', flags.port) ?? settings.port;
  if (flags.noAuth && !isLoopbackHost(host)) {
    throw new UsageError(`serve: --no-auth is only allowed on a loopback address (127.0.0.1, ::1, localhost), not ${host}`);
  }
  const { tokens, source } = flags.noAuth ? { tokens: [], source: 'none' } : resolveTokens(catalog, process.env);

  const logger = createLogger();
  const gateway = new Gateway(catalog, { logger, telemetry: { metrics: catalog.settings.telemetry.metrics.enabled, env: process.env } });
  guardProcess(gateway, logger);
  await gateway.telemetryReady();
  // Many hosts share one pool: servers may ask for sampling, elicitation and roots, and the hub
  // sends each request to the session whose call caused it (or refuses when it cannot answer).
  // Tools a server lists only with one of them are offered only to hosts that declare it.
  const started = gateway.start(ALL_CLIENT_CAPABILITIES, { shared: true });
  let serving;
  try {
    serving = await startHttpServer(gateway, {
      host,
      port,
      tokens,
      noAuth: flags.noAuth,
      allowedOrigins: settings.allowedOrigins,
      allowedHosts: settings.allowedHosts,
      sessionIdleTtlMs: settings.sessionIdleTtl,
      maxSessions: settings.maxSessions,
      maxBodyBytes: settings.maxBodyBytes,
      shutdownGraceMs: settings.shutdownGrace,
      metricsAuth: catalog.settings.telemetry.metrics.auth,
      started,
      logger: logger.child('http'),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'EADDRINUSE' ? ` (port ${port} is taken: pass --port N, or --port 0 for any free port)` : '';
    process.stderr.write(`mcp-switchboard: cannot listen on ${host}:${port}: ${(error as Error).message}${hint}\n`);
    await gateway.stop();
    return 1;
  }

  const enabled = catalog.servers.filter((s) => s.enabled).length;
  process.stderr.write(`listening on ${serving.url}\n`);
  for (const name of gateway.profileNames()) process.stderr.write(`  profile "${name}": ${serving.url}/${name}\n`);
  logger.info(`serving ${enabled} server(s) from ${catalog.file ?? flags.config} over HTTP`, { auth: source });
  if (!isLoopbackHost(host)) logger.warn(`bound to ${host}: reachable from the network; only token holders get in`);
  if (flags.noAuth) logger.warn('authentication is off (--no-auth): any local process can use every server in the catalog');
  if (serving.generatedToken !== undefined) {
    process.stderr.write(`\nNo token configured (settings.http.token or MCP_SWITCHBOARD_TOKEN): generated one for this run.\n`);
    process.stderr.write(connectInstructions(serving.url, serving.generatedToken));
  } else if (!flags.noAuth) {
    // A configured token is never printed: the commands read it from the shell, pasteable as they are.
    const from = source === 'MCP_SWITCHBOARD_TOKEN' ? '' : `\n(first, in that shell: export MCP_SWITCHBOARD_TOKEN=<the token of ${source}>)`;
    process.stderr.write(`${connectInstructions(serving.url, '$MCP_SWITCHBOARD_TOKEN')}${from}\n`);
  }
  void reportStartup(gateway, logger);
  const following = flags.watch ? followCatalog(gateway, logger) : undefined;
  // Listen for the stop signal before anything else is awaited: a SIGINT right after start must stop cleanly.
  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const control = await startControl(gateway, controlOf(gateway, { mode: 'http', url: serving.url }), logger.child('control'));

  const reason = await signalled;
  following?.close();
  await control?.close();
  logger.info(`shutting down (${reason}): finishing in-flight requests for up to ${settings.shutdownGrace} ms`);
  const deadline = setTimeout(() => process.exit(1), settings.shutdownGrace + STOP_DEADLINE_MS);
  deadline.unref();
  await serving.close();
  await gateway.stop();
  clearTimeout(deadline);
  process.exit(0);
}
