/**
 * `status`: start every server of the catalog, wait until each has settled (ready, or its first
 * attempt failed), print what the supervisor knows about each (state, pid, restarts, breaker,
 * last error, tool count) and any tool held back by pinning, and stop. Exit code 0 when every
 * enabled server is ready and no tool is held, 1 otherwise, 2 when the catalog is invalid. `--json` prints `gateway.statuses()` as they are.
 */
import type { ServerStatus } from '../gateway.js';
import { accountSummary } from '../registry/index.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { renderTable } from './table.js';
import { alertSummary } from '../pinning/messages.js';
import { printJson, printOut } from './output.js';

export const status: Command = {
  summary: 'status --config FILE [--json] [--timeout MS]   start every server, print state, pid, restarts, last error, tools',
  run: async (argv) => {
    const { values } = parseCommandArgs('status', argv, { json: { type: 'boolean' }, timeout: { type: 'string' } });
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const connectTimeout = parseTimeout('status', values.timeout);
    const { statuses, alerts } = await withGateway(catalog, connectTimeout !== undefined ? { connectTimeout } : {}, async (gateway) => ({
      statuses: gateway.statuses(),
      alerts: gateway.alerts(),
    }));
    const pins = alerts.map((alert) => `${alert.serverId}: ${alertSummary(alert)}`);
    if (values.json === true) printJson(statuses);
    else printOut(`${renderStatus(statuses)}${pins.length > 0 ? `\n${pins.join('\n')}\n` : ''}`);
    return statuses.every((s) => s.state === 'ready') && alerts.length === 0 ? 0 : 1;
  },
};

/** One row per server, then the last error of each server that has one, uncut. */
function renderStatus(statuses: ServerStatus[]): string {
  const rows = statuses.map((s) => [
    s.serverId,
    s.state,
    s.transport,
    s.protocolVersion ?? '-',
    s.pid !== undefined ? String(s.pid) : '-',
    String(s.restarts),
    s.breaker,
    s.state === 'ready' ? accountSummary(s.toolAccount) : '-',
    s.lastError ?? '',
  ]);
  const table = renderTable(['SERVER', 'STATE', 'TRANSPORT', 'PROTOCOL', 'PID', 'RESTARTS', 'BREAKER', 'TOOLS', 'LAST ERROR'], rows);
  const errors = statuses.filter((s) => s.lastError).map((s) => `${s.serverId}: ${s.lastError ?? ''}`);
  const ready = statuses.filter((s) => s.state === 'ready').length;
  return `${table}\n${ready}/${statuses.length} server(s) ready${errors.length > 0 ? `\n\n${errors.join('\n')}` : ''}\n`;
}
