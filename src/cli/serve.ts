/**
 * `serve`: the gateway over stdio (what a host launches), or with `--http` as a Streamable HTTP
 * service (serve-http.ts). The host's `initialize` is answered at once; servers join as they
 * become ready and are announced with `list_changed`.
 */
import { Gateway } from '../gateway.js';
import { createLogger } from '../log.js';
import { serveStdio } from '../upstream/stdio.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { guardProcess } from './crash-guard.js';
import { loadForCli } from './load.js';
import { profileArg } from './profile-arg.js';
import { listenForMetrics } from './metrics-listener.js';
import { serveHttpCommand } from './serve-http.js';
import { CLI_FILE } from './self.js';
import { shellQuote } from '../shared/shell.js';
import { followCatalog, reportStartup } from './serving.js';
import { controlOf, startControl } from './control.js';

/** What a person who started `serve` in a terminal sees once the servers have settled: commands to paste. */
function terminalHint(catalog: string): string {
  const self = `${shellQuote(process.execPath)} ${shellQuote(CLI_FILE)}`;
  return `
mcp-switchboard speaks MCP on stdin/stdout and is now waiting for a host.
  - Connect a host:            ${self} print-config claude-desktop --config ${shellQuote(catalog)}
                               (also claude-code, cursor, vscode, windsurf, codex; install-host writes it)
  - See the merged tool set:   ${self} list --config ${shellQuote(catalog)}
  - Stop: Ctrl-C (every server stops with the gateway).
`;
}

/** How long stopping may take before the process exits anyway. */
const STOP_DEADLINE_MS = 8_000;

export const serve: Command = {
  summary: 'serve the merged catalog (or --profile P) over stdio (what a host launches), or with --http over Streamable HTTP at /mcp',
  details:
    'Over stdio, stdout is the protocol: logs go to stderr. Over HTTP every request needs the bearer token\n' +
    '(settings.http.token, else $MCP_SWITCHBOARD_TOKEN, else one generated and printed at start).\n' +
    'The catalog file is followed: a valid edit is applied without a restart (also on SIGHUP).\n' +
    'Example: mcp-switchboard serve --config servers.yaml --http --port 8808',
  run: async (argv) => {
    const { values } = parseCommandArgs('serve', argv, {
      http: { type: 'boolean', description: 'serve Streamable HTTP at /mcp instead of stdio' },
      port: { type: 'string', short: 'p', value: 'N', description: 'with --http: TCP port, 0 for any free one (default settings.http.port, else 8808)' },
      host: { type: 'string', value: 'H', description: 'with --http: interface to bind (default settings.http.host, else 127.0.0.1)' },
      'no-auth': { type: 'boolean', description: 'with --http: no bearer token (loopback only, for local testing)' },
      'no-watch': { type: 'boolean', description: 'do not follow edits of the catalog file' },
      profile: {
        type: 'string',
        value: 'P',
        description: 'stdio: serve only that profile of the catalog (over HTTP every profile has its own endpoint, /mcp/<profile>)',
      },
      metrics: { type: 'string', value: 'PORT', description: 'stdio: also serve Prometheus /metrics on 127.0.0.1:PORT (with --http it is at /metrics)' },
    });
    const watch = values['no-watch'] !== true;
    const config = values.config ?? defaultConfigPath();
    if (values.http) {
      if (values.profile !== undefined)
        throw new UsageError('serve: --profile is for stdio; with --http every profile is served at its own endpoint, /mcp/<profile>');
      if (values.metrics !== undefined) throw new UsageError('serve: --metrics is for stdio mode; with --http, /metrics is served at the HTTP address');
      return serveHttpCommand(
        {
          config,
          watch,
          noAuth: values['no-auth'] === true,
          ...(values.port !== undefined && { port: values.port }),
          ...(values.host !== undefined && { host: values.host }),
        },
        loadForCli,
      );
    }
    const stray = (['port', 'host', 'no-auth'] as const).find((flag) => values[flag] !== undefined);
    if (stray) throw new UsageError(`serve: --${stray} only applies with --http`);
    return serveStdioCommand({ config, watch, profile: values.profile, metricsPort: metricsPortOf(values.metrics) });
  },
};

function metricsPortOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`serve: --metrics expects a port 0-65535, got "${value}"`);
  return Number(value);
}

async function serveStdioCommand(options: { config: string; watch: boolean; profile: string | undefined; metricsPort: number | undefined }): Promise<number> {
  const catalog = await loadForCli(options.config);
  if (!catalog) return 2;
  const profile = profileArg('serve', catalog, options.profile);
  const logger = createLogger();
  // A host initializes first thing: servers start then, offered exactly what that host can answer
  // (sampling, elicitation, roots). In a terminal nobody initializes, so start at once.
  const interactive = process.stdin.isTTY === true;
  const metricsPort = options.metricsPort ?? catalog.settings.telemetry.metrics.port;
  const gateway = new Gateway(catalog, { logger, startOnInitialize: !interactive, telemetry: { metrics: metricsPort !== undefined, env: process.env } });
  guardProcess(gateway, logger);
  await gateway.telemetryReady();
  const metrics = metricsPort !== undefined ? await listenForMetrics(() => gateway.metrics(), metricsPort) : undefined;
  if (metrics) logger.info(`metrics at ${metrics.url}`);
  const { closed } = await serveStdio(gateway, { logger, ...(profile !== undefined && { profile }) });

  const enabled = catalog.servers.filter((s) => s.enabled).length;
  const view = profile !== undefined ? `, profile "${profile}"` : '';
  logger.info(`serving ${enabled} server(s) from ${catalog.file ?? options.config} on stdio${view}`);
  if (interactive) void gateway.start();
  void reportStartup(gateway, logger).then(() => {
    if (interactive && !gateway.stopped) process.stderr.write(terminalHint(catalog.file ?? options.config));
  });
  const following = options.watch ? followCatalog(gateway, logger) : undefined;
  const control = await startControl(gateway, controlOf(gateway, { mode: 'stdio' }), logger.child('control'));

  const signalled = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  const reason = await Promise.race([closed, signalled]);
  following?.close();
  await control?.close();
  logger.info(`shutting down (${reason})`);
  await metrics?.close();
  const deadline = setTimeout(() => process.exit(1), STOP_DEADLINE_MS);
  deadline.unref();
  await gateway.stop();
  clearTimeout(deadline);
  // Do not wait for anything else the event loop may hold: the host is gone.
  process.exit(0);
}
