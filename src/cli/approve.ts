/**
 * `approve`: accept tool definitions that changed since they were pinned. Starts every server of
 * the catalog, prints each pending change with its diff, and pins the new definitions of the
 * named tools (`server` for all of a server's, `server:tool` for one) or of all with `--all`.
 * Without names it only lists. A running gateway that uses the same state file picks the
 * approvals up by itself within about a second. Exit code 0 when done, 1 when a name matched no
 * pending change, 2 when the catalog is invalid.
 */
import { approveAlerts, selectAlerts } from '../pinning/approve.js';
import { alertText, pinStateFile } from '../pinning/messages.js';
import { UsageError, parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { printOut, printErr } from './output.js';

export const approve: Command = {
  summary: 'approve --config FILE [server[:tool] ...] [--all] [--timeout MS]   review and accept changed tool definitions',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs('approve', argv, { all: { type: 'boolean' }, timeout: { type: 'string' } }, true);
    const all = values.all === true;
    if (all && positionals.length > 0) throw new UsageError('approve: name tools (server or server:tool) or pass --all, not both');
    const timeout = parseTimeout('approve', values.timeout);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const file = pinStateFile(catalog);
    if (file === undefined) throw new UsageError('approve: the catalog has no file, so there is no pin state file to write');
    const { alerts, down } = await withGateway(catalog, timeout === undefined ? {} : { connectTimeout: timeout }, async (gateway) => ({
      alerts: gateway.alerts(),
      down: gateway.statuses().filter((s) => s.state !== 'ready'),
    }));
    const out = (text: string) => void printOut(text);
    for (const server of down) printErr(`approve: server "${server.serverId}" is ${server.state}; its tools could not be checked\n`);
    if (alerts.length === 0) {
      out(`No tool changed since it was pinned (pins: ${file}).\n`);
      if (positionals.length > 0) printErr(`approve: nothing to approve for ${positionals.join(', ')}\n`);
      return positionals.length > 0 ? 1 : 0;
    }
    for (const alert of alerts) out(`${alert.serverId}: ${alertText(alert, catalog.file, '    ')}\n\n`);
    if (!all && positionals.length === 0) {
      out(`${alerts.length} changed tool(s) pending. Approve them by name (server or server:tool), or all with --all.\n`);
      return 0;
    }
    const { chosen, unmatched } = selectAlerts(alerts, positionals, all);
    for (const selector of unmatched)
      printErr(`approve: "${selector}" names no changed tool (pending: ${alerts.map((a) => `${a.serverId}:${a.tool}`).join(', ')})\n`);
    if (chosen.length > 0) {
      const warning = await approveAlerts(file, chosen);
      if (warning !== undefined) printErr(`approve: ${warning}\n`);
      out(`Approved ${chosen.map((a) => `${a.serverId}:${a.tool}`).join(', ')}; pins written to ${file}.\n`);
      out('A running gateway with this state file serves the approved definitions within about a second.\n');
    }
    return unmatched.length > 0 ? 1 : 0;
  },
};
