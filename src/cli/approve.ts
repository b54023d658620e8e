/**
 * `approve`: accept tool definitions that changed since they were pinned. Prints each pending
 * change with its diff, and pins the new definitions of the named tools (`server` for all of a
 * server's, `server:tool` for one) or of all with `--all`; without names it only lists. When a
 * gateway serves the catalog, the changes are the ones it holds and the approval goes through its
 * control socket (it serves the approved tools at once); otherwise (or with `--offline`) every
 * server is started to find the changes, and the pins are written to the state file, which a
 * gateway started later reads. Exit code 0 when done, 1 when a name matched no pending change,
 * 2 when the catalog is invalid.
 */
import type { Catalog } from '../config/schema.js';
import type { ApproveOutcome } from '../gateway.js';
import type { LiveGateway } from '../control/client.js';
import { controlRequest, findGateways } from '../control/client.js';
import { controlDirOf } from '../control/location.js';
import { approveAlerts, selectAlerts } from '../pinning/approve.js';
import { alertText, pinStateFile } from '../pinning/messages.js';
import type { PinAlert } from '../pinning/index.js';
import { UsageError, parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { printOut, printErr } from './output.js';
import { isServing } from '../downstream/status.js';

export const approve: Command = {
  summary: 'review tool definitions that changed since they were pinned, and accept the ones you name',
  usage: '[server[:tool] ...]',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs(
      'approve',
      argv,
      {
        all: { type: 'boolean', description: 'approve every pending change' },
        timeout: { type: 'string', value: 'MS', description: 'how long each server may take to start' },
        offline: { type: 'boolean', description: 'do not ask a running gateway: start the servers here and write the pins file' },
      },
      true,
    );
    const all = values.all === true;
    if (all && positionals.length > 0) throw new UsageError('approve: name tools (server or server:tool) or pass --all, not both');
    const timeout = parseTimeout('approve', values.timeout);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const file = pinStateFile(catalog);
    if (file === undefined) throw new UsageError('approve: the catalog has no file, so there is no pin state file to write');
    const live = values.offline === true ? [] : await findGateways(controlDirOf(catalog));
    const found = live.length > 0 ? fromGateways(live) : await probe(catalog, timeout);
    for (const server of found.down) printErr(`approve: server "${server.serverId}" is ${server.state}; its tools could not be checked\n`);
    const { alerts } = found;
    if (alerts.length === 0) {
      printOut(`No tool changed since it was pinned (pins: ${file}).\n`);
      if (positionals.length > 0) printErr(`approve: nothing to approve for ${positionals.join(', ')}\n`);
      return positionals.length > 0 ? 1 : 0;
    }
    for (const alert of alerts) printOut(`${alert.serverId}: ${alertText(alert, catalog.file, '    ')}\n\n`);
    if (!all && positionals.length === 0) {
      printOut(`${alerts.length} changed tool(s) pending. Approve them by name (server or server:tool), or all with --all.\n`);
      return 0;
    }
    const outcome = live.length > 0 ? await approveLive(live, positionals, all) : await approveOffline(file, alerts, positionals, all);
    for (const selector of outcome.unmatched)
      printErr(`approve: "${selector}" names no changed tool (pending: ${alerts.map((a) => `${a.serverId}:${a.tool}`).join(', ')})\n`);
    if (outcome.warning !== undefined) printErr(`approve: ${outcome.warning}\n`);
    if (outcome.approved.length > 0) {
      printOut(`Approved ${outcome.approved.map((a) => `${a.serverId}:${a.tool}`).join(', ')}; pins written to ${file}.\n`);
      printOut(
        live.length > 0
          ? `Served now by the running gateway${live.length > 1 ? 's' : ''} (pid ${live.map((g) => g.document.gateway.pid).join(', ')}).\n`
          : 'A running gateway with this state file serves the approved definitions within about a second.\n',
      );
    }
    return outcome.unmatched.length > 0 ? 1 : 0;
  },
};

interface Found {
  alerts: PinAlert[];
  down: { serverId: string; state: string }[];
}

/** The changes the running gateways hold (each one once, when several gateways hold it). */
function fromGateways(live: readonly LiveGateway[]): Found {
  const seen = new Map<string, PinAlert>();
  for (const { document } of live) for (const alert of document.pinAlerts) seen.set(`${alert.serverId}\0${alert.tool}\0${alert.digest}`, alert);
  const down = new Map<string, { serverId: string; state: string }>();
  for (const { document } of live) for (const s of document.servers) if (!isServing(s.state)) down.set(s.serverId, s);
  return { alerts: [...seen.values()], down: [...down.values()] };
}

function probe(catalog: Catalog, timeout: number | undefined): Promise<Found> {
  return withGateway(catalog, timeout === undefined ? {} : { connectTimeout: timeout }, async (gateway) => ({
    alerts: gateway.alerts(),
    down: gateway.statuses().filter((s) => !isServing(s.state)),
  }));
}

/** Each gateway approves what it holds; a selector is unmatched only when no gateway matched it. */
async function approveLive(live: readonly LiveGateway[], selectors: readonly string[], all: boolean): Promise<ApproveOutcome> {
  const outcomes = (await Promise.all(live.map(({ socket }) => controlRequest(socket, 'POST', 'approve', { selectors, all })))) as ApproveOutcome[];
  const approved = new Map<string, { serverId: string; tool: string }>();
  for (const outcome of outcomes) for (const a of outcome.approved) approved.set(`${a.serverId}:${a.tool}`, a);
  const warning = outcomes.find((o) => o.warning !== undefined)?.warning;
  return {
    approved: [...approved.values()],
    unmatched: selectors.filter((selector) => outcomes.every((o) => o.unmatched.includes(selector))),
    ...(warning !== undefined && { warning }),
  };
}

async function approveOffline(file: string, alerts: readonly PinAlert[], selectors: readonly string[], all: boolean): Promise<ApproveOutcome> {
  const { chosen, unmatched } = selectAlerts(alerts, selectors, all);
  const warning = chosen.length > 0 ? await approveAlerts(file, chosen) : undefined;
  return { approved: chosen.map(({ serverId, tool }) => ({ serverId, tool })), unmatched, ...(warning !== undefined && { warning }) };
}
