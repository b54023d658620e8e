/**
 * Where pins live and how pin alerts read: the state file's location, the `approve` command a
 * user should run, and the text of alerts and of the error a held tool's call gets. Pure.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Catalog } from '../config/schema.js';
import { redact } from '../redact.js';
import { shellQuote } from '../shared/shell.js';
import type { PinAlert } from './policy.js';

/** The state file's name inside the catalog's folder, when `settings.pinning.stateFile` is unset. */
const DEFAULT_STATE_FILE = join('.switchboard', 'pins.json');

/**
 * The state file of `catalog`: `settings.pinning.stateFile` (relative to the catalog's folder),
 * else `.switchboard/pins.json` in the catalog's folder. Undefined for a catalog that came from
 * no file and names no absolute state file: its pins then live in memory only.
 */
export function pinStateFile(catalog: Pick<Catalog, 'file' | 'settings'>): string | undefined {
  const configured = catalog.settings.pinning.stateFile;
  const folder = catalog.file !== undefined ? dirname(catalog.file) : undefined;
  if (configured !== undefined) return isAbsolute(configured) ? configured : resolve(folder ?? process.cwd(), configured);
  return folder !== undefined ? join(folder, DEFAULT_STATE_FILE) : undefined;
}

/** The command that approves `tool` of `serverId`, e.g. `mcp-switchboard approve --config servers.yaml github:create_issue`. */
function approveCommand(config: string | undefined, serverId: string, tool: string): string {
  return `mcp-switchboard approve --config ${shellQuote(config ?? '<catalog file>')} ${shellQuote(`${serverId}:${tool}`)}`;
}

/** One line: what changed and what happens to the tool. */
export function alertSummary(alert: PinAlert): string {
  const what = alert.fields.length > 0 ? ` (${alert.fields.join(', ')})` : '';
  const fate = alert.action === 'held' ? 'held back until approved' : 'served anyway (pinning policy warn)';
  return redact(`tool "${alert.tool}" changed since it was pinned${what}: ${fate}`);
}

/** The summary, the diff (indented by `indent`) and the command that approves the change. */
export function alertText(alert: PinAlert, config: string | undefined, indent = '  '): string {
  const lines = [
    alertSummary(alert),
    ...alert.diff.map((line) => `${indent}${line}`),
    `${indent}to accept it, run: ${approveCommand(config, alert.serverId, alert.tool)}`,
  ];
  return redact(lines.join('\n'));
}

/** The error a call to a held tool gets: which tool, why, and what to run. */
export function heldMessage(alert: PinAlert, config: string | undefined): string {
  const what = alert.fields.length > 0 ? ` (${alert.fields.join(', ')})` : '';
  return redact(
    `tool "${alert.tool}" of server "${alert.serverId}" changed since it was approved${what} and is held back; ` +
      `review the change, then run: ${approveCommand(config, alert.serverId, alert.tool)}`,
  );
}
