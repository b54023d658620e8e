/**
 * `status`: what the servers of a catalog are doing. When a gateway serves the catalog (stdio or
 * HTTP), it is asked through its control socket: the live servers, their pids, restarts and
 * errors, one table per gateway process. Otherwise (or with `--offline`) every server is started,
 * each is awaited until it settles (ready, or its first attempt failed), and the same facts are
 * printed about those copies before they stop. Either way, tools held back by pinning follow.
 * Exit code 0 when every enabled server is ready and no tool is held, 1 otherwise, 2 when the
 * catalog is invalid. `--json` prints the statuses as they are (with `gatewayPid` when live).
 */
import type { Catalog } from '../config/schema.js';
import type { ServerStatus } from '../gateway.js';
import type { LiveGateway } from '../control/client.js';
import { findGateways } from '../control/client.js';
import type { ServerFacts } from '../control/document.js';
import { controlDirOf } from '../control/location.js';
import type { PinAlert } from '../pinning/index.js';
import { accountSummary } from '../registry/index.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { renderTable } from './table.js';
import { alertSummary } from '../pinning/messages.js';
import { printJson, printOut, printErr } from './output.js';
import { isServing } from '../downstream/status.js';

export const status: Command = {
  summary:
    "print each server's state, pid, restarts, breaker, tools and last error: asked of the running gateway, or (none running, or --offline) by starting the servers to look",
  run: async (argv) => {
    const { values } = parseCommandArgs('status', argv, {
      json: { type: 'boolean', description: 'print every fact the supervisor keeps, as JSON' },
      timeout: { type: 'string', value: 'MS', description: 'how long each server may take to start (overrides each connectTimeout)' },
      offline: { type: 'boolean', description: 'do not ask a running gateway; start the servers here to look' },
    });
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const connectTimeout = parseTimeout('status', values.timeout);
    const live = values.offline === true ? [] : await findGateways(controlDirOf(catalog));
    if (live.length > 0) return liveStatus(live, values.json === true);
    if (values.offline !== true) printErr("status: no gateway is serving this catalog; starting its servers to look (their pids are this check's own)\n");
    const { statuses, alerts } = await probe(catalog, connectTimeout);
    if (values.json === true) printJson(statuses);
    else printOut(`${renderStatus(statuses)}${pinLines(alerts)}`);
    return verdict(statuses, alerts);
  },
};

/** Starts a copy of every server, waits for them to settle, and takes their statuses. */
function probe(catalog: Catalog, connectTimeout: number | undefined): Promise<{ statuses: ServerStatus[]; alerts: PinAlert[] }> {
  return withGateway(catalog, { asShared: true, ...(connectTimeout !== undefined && { connectTimeout }) }, async (gateway) => ({
    statuses: gateway.statuses(),
    alerts: gateway.alerts(),
  }));
}

/** One section per gateway process, each with its servers and its pins. */
function liveStatus(live: readonly LiveGateway[], json: boolean): number {
  if (json) {
    printJson(live.flatMap(({ document }) => document.servers.map((server) => ({ ...server, gatewayPid: document.gateway.pid }))));
  } else {
    const sections = live.map(({ document }) => {
      const { pid, mode, startedAt, sessions, url, ui } = document.gateway;
      const where = [
        mode === 'http' && url !== undefined ? `http ${url}` : mode,
        `since ${startedAt}`,
        `${sessions} session(s)`,
        ...(ui !== undefined ? [`dashboard ${ui}`] : []),
      ];
      return `Gateway pid ${pid} (${where.join(', ')}):\n${renderStatus(document.servers)}${pinLines(document.pinAlerts)}`;
    });
    printOut(sections.join('\n'));
  }
  return live.every(({ document }) => verdict(document.servers, document.pinAlerts) === 0) ? 0 : 1;
}

function verdict(statuses: readonly Pick<ServerFacts, 'state'>[], alerts: readonly PinAlert[]): number {
  // An asleep server (lazy start, idle stop) is fine: it is served from its snapshot and starts on demand.
  return statuses.every((s) => isServing(s.state)) && alerts.length === 0 ? 0 : 1;
}

function pinLines(alerts: readonly PinAlert[]): string {
  const pins = alerts.map((alert) => `${alert.serverId}: ${alertSummary(alert)}`);
  return pins.length > 0 ? `\n${pins.join('\n')}\n` : '';
}

/** One row per server, then the last error of each server that has one, uncut. */
function renderStatus(statuses: readonly ServerFacts[]): string {
  const rows = statuses.map((s) => [
    s.serverId,
    s.state,
    s.transport,
    s.protocolVersion ?? '-',
    s.pid !== undefined ? String(s.pid) : '-',
    String(s.restarts),
    s.breaker,
    isServing(s.state) ? accountSummary(s.toolAccount) : '-',
    s.lastError ?? '',
  ]);
  // The tool account is the gateway's own words (counts and reasons): shown whole.
  const table = renderTable(
    ['SERVER', 'STATE', 'TRANSPORT', 'PROTOCOL', 'PID', 'RESTARTS', 'BREAKER', 'TOOLS', 'LAST ERROR'],
    rows,
    [60, 60, 60, 60, 60, 60, 60, 120],
  );
  const errors = statuses.filter((s) => s.lastError).map((s) => `${s.serverId}: ${s.lastError ?? ''}`);
  const logins = statuses.filter((s) => s.loginCommand !== undefined).map((s) => `${s.serverId} needs a login: ${s.loginCommand ?? ''}`);
  const ready = statuses.filter((s) => s.state === 'ready').length;
  const asleep = statuses.filter((s) => s.state === 'asleep').length;
  const sleeping = asleep > 0 ? `, ${asleep} asleep (started by the first call that needs them)` : '';
  const notes = [...errors, ...logins];
  return `${table}\n${ready}/${statuses.length} server(s) ready${sleeping}${notes.length > 0 ? `\n\n${notes.join('\n')}` : ''}\n`;
}
