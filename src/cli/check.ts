/**
 * `check`: is this catalog ready for a host? Validates it, looks every stdio command up on PATH,
 * starts every server with a deadline, and prints one row per server plus every problem and every
 * name that was changed (and why). Exit code 0 when all is well, 1 on any problem, 2 when the
 * catalog itself is invalid.
 */
import type { ServerEntry } from '../config/schema.js';
import type { ConnectionStatus } from '../downstream/types.js';
import type { Gateway } from '../gateway.js';
import { alertText } from '../pinning/messages.js';
import { accountSummary, type ToolAccount } from '../registry/index.js';
import type { RegistryView, RegistryWarning } from '../registry/types.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout, withGateway } from './run-gateway.js';
import { renderTable } from './table.js';
import { lookUpCommand } from './which.js';
import { renderProfiles, reportProfile } from './check-profiles.js';
import { profileArg } from './profile-arg.js';
import { printOut, printJson } from './output.js';
import { isServing } from '../downstream/status.js';

/** One server's outcome, as `--json` prints it. */
export interface ServerReport {
  id: string;
  enabled: boolean;
  transport: string;
  state: string;
  /** What the server lists, how much of it the gateway advertises, why the rest is not, and which need a host capability. */
  tools: ToolAccount;
  prompts: { listed: number; advertised: number };
  resources: { listed: number; advertised: number };
  resourceTemplates: { listed: number; advertised: number };
  readyAfterMs?: number;
  /** Where its command was found (stdio). */
  command?: string;
  /** Each makes the exit code 1. */
  problems: string[];
  /** Worth knowing: renamed for hosts (sanitized, shortened), found off a GUI host's PATH. */
  notes: string[];
}

export const check: Command = {
  summary: "validate the catalog, look up every command, start every server and report problems, and each profile's (exit 1 on any)",
  run: async (argv) => {
    const { values } = parseCommandArgs('check', argv, {
      json: { type: 'boolean', description: 'print the report as JSON' },
      timeout: { type: 'string', value: 'MS', description: 'how long each server may take to start (overrides each connectTimeout)' },
      profile: { type: 'string', value: 'P', description: 'report only that profile of the catalog' },
    });
    const timeout = parseTimeout('check', values.timeout);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const only = profileArg('check', catalog, values.profile);
    const { reports, profiles } = await withGateway(catalog, { asShared: true, ...(timeout !== undefined && { connectTimeout: timeout }) }, async (gateway) => {
      // With --profile, the servers that profile picks (disabled ones too, for their row) and that profile alone.
      const picked = only === undefined ? undefined : new Set(gateway.profileServers(only));
      const entries = catalog.servers.filter((entry) => !picked || picked.has(entry.id) || !entry.enabled);
      const wanted = (catalog.profiles ?? []).filter((profile) => only === undefined || profile.name === only);
      return { reports: entries.map((entry) => report(entry, gateway)), profiles: wanted.map((profile) => reportProfile(profile, gateway)) };
    });
    const ok = reports.every((r) => r.problems.length === 0) && profiles.every((p) => p.problems.length === 0);
    if (values.json === true) printJson({ ok, file: catalog.file, servers: reports, ...(profiles.length > 0 && { profiles }) });
    else printOut(render(reports, ok, profiles.filter((p) => p.problems.length > 0).length) + renderProfiles(profiles));
    return ok ? 0 : 1;
  },
};

/** Problems are what stops a server (or one of its items) from reaching hosts; the rest are notes. */
const PROBLEM_KINDS: ReadonlySet<RegistryWarning['kind']> = new Set(['collision', 'hijack']);

function report(entry: ServerEntry, gateway: Gateway): ServerReport {
  const status = gateway.statuses().find((s) => s.serverId === entry.id);
  const problems: string[] = [];
  const notes: string[] = [];
  let command: string | undefined;
  if (entry.kind === 'stdio' && entry.enabled && entry.missingEnv === undefined) {
    const lookup = lookUpCommand(entry);
    command = lookup.path;
    if (lookup.problem !== undefined) problems.push(lookup.problem);
    if (lookup.note !== undefined) notes.push(lookup.note);
  }
  if (status && !isServing(status.state)) {
    // A missing command already has its advice; the spawn error would only repeat it.
    if (problems.length === 0) problems.push(failure(status));
  }
  for (const warning of gateway.view.warnings) {
    if (warning.serverId !== entry.id) continue;
    (PROBLEM_KINDS.has(warning.kind) ? problems : notes).push(warning.message);
  }
  // A tool whose definition changed since it was pinned (a possible rug pull) is a problem, held or not.
  for (const alert of gateway.alerts()) {
    if (alert.serverId === entry.id) problems.push(alertText(alert, gateway.catalog.file, '      '));
  }
  // Collisions and pins are problems above; a tool that needs what the gateway cannot relay, or
  // that only some hosts are offered, is worth a note.
  for (const tool of status?.toolAccount.withheld ?? []) {
    if (tool.reason === 'needs-tasks') notes.push(`tool "${tool.name}" is not offered: it ${tool.detail}`);
  }
  for (const tool of status?.toolAccount.needsCapability ?? []) notes.push(`tool "${tool.name}" is ${tool.detail}`);
  // A collision is already a problem (from the registry's warning), so it is not repeated here.
  const counts = advertisedCounts(gateway.view, entry.id);
  return {
    id: entry.id,
    enabled: entry.enabled,
    transport: status?.transport ?? (entry.kind === 'stdio' ? 'stdio' : entry.transport),
    state: entry.enabled ? (status?.state ?? 'idle') : 'disabled',
    tools: status?.toolAccount ?? { listed: 0, advertised: 0, withheld: [], needsCapability: [], collided: [], offered: [] },
    prompts: { listed: status?.prompts ?? 0, advertised: counts.prompts },
    resources: { listed: status?.resources ?? 0, advertised: counts.resources },
    resourceTemplates: { listed: status?.resourceTemplates ?? 0, advertised: counts.resourceTemplates },
    ...(status?.readyAfterMs !== undefined && { readyAfterMs: status.readyAfterMs }),
    ...(command !== undefined && { command }),
    problems,
    notes,
  };
}

function failure(status: ConnectionStatus): string {
  const why = status.lastError ?? (status.state === 'connecting' ? 'still not ready when the check gave up (raise --timeout?)' : 'no details');
  const tail =
    status.stderrTail.length > 0 && !why.includes(status.stderrTail.at(-1) ?? '') ? `\n    last stderr: ${status.stderrTail.slice(-3).join('\n    ')}` : '';
  return `${status.state}: ${why}${tail}`;
}

function advertisedCounts(view: RegistryView, serverId: string): Record<'prompts' | 'resources' | 'resourceTemplates', number> {
  return {
    prompts: view.prompts.filter((p) => view.routePrompt(p.name)?.serverId === serverId).length,
    resources: view.resources.filter((r) => view.routeResource(r.uri)?.serverId === serverId).length,
    resourceTemplates: view.resourceTemplates.filter((t) => view.routeResourceTemplate(t.uriTemplate)?.serverId === serverId).length,
  };
}

function render(reports: readonly ServerReport[], ok: boolean, failingProfiles = 0): string {
  const count = ({ listed, advertised }: { listed: number; advertised: number }) => (listed === advertised ? String(listed) : `${advertised}/${listed}`);
  const rows = reports.map((r) => [
    r.id,
    r.transport,
    r.state,
    accountSummary(r.tools),
    count(r.prompts),
    count(r.resources) + (r.resourceTemplates.listed > 0 ? ` +${count(r.resourceTemplates)} tpl` : ''),
    r.readyAfterMs !== undefined ? duration(r.readyAfterMs) : '-',
    r.problems.length === 0 ? (r.notes.length > 0 ? `ok (${r.notes.length} note${r.notes.length === 1 ? '' : 's'})` : 'ok') : (r.problems[0] ?? ''),
  ]);
  // The tool account is the gateway's own words (counts and reasons): shown whole.
  let out = renderTable(['SERVER', 'TRANSPORT', 'STATE', 'TOOLS', 'PROMPTS', 'RESOURCES', 'READY IN', 'PROBLEMS'], rows, [48, 48, 48, 120, 48, 48, 48, 48]);
  out += '(a/b: a of the b items the server lists are advertised; tools "only for some hosts" are among them, see Notes)\n';
  const section = (title: string, pick: (r: ServerReport) => string[]) => {
    const lines = reports.flatMap((r) => pick(r).map((text) => `  ${r.id}: ${text}`));
    return lines.length > 0 ? `\n${title}:\n${lines.join('\n')}\n` : '';
  };
  out += section('Problems', (r) => r.problems);
  out += section('Notes', (r) => r.notes);
  const failing = reports.filter((r) => r.problems.length > 0).length;
  const profiles = failingProfiles > 0 ? `${failing > 0 ? ', ' : ''}${failingProfiles} profile(s) have problems` : '';
  out += ok
    ? `\nAll ${reports.filter((r) => r.enabled).length} enabled server(s) are fine.\n`
    : `\n${failing > 0 ? `${failing} server(s) have problems` : ''}${profiles}.\n`;
  return out;
}

function duration(ms: number): string {
  return ms < 1_000 ? `${Math.round(ms)} ms` : `${(ms / 1_000).toFixed(1)} s`;
}
