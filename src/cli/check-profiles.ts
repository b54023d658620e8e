/**
 * `check`'s account of each profile: which servers it picks, how many tools it serves and in
 * which tool mode, and what in it selects nothing (a glob that matches no server or no tool).
 */
import type { ProfileEntry } from '../config/schema.js';
import type { Gateway } from '../gateway.js';
import { globToRegExp, resolveToolMode } from '../registry/index.js';
import type { ResolvedToolMode } from '../registry/index.js';
import { renderTable } from './table.js';

/** One profile's outcome, as `--json` prints it. */
export interface ProfileReport {
  name: string;
  /** The enabled servers it picks. */
  servers: string[];
  /** Tools in its view now. */
  tools: number;
  toolMode: ResolvedToolMode;
  nameBudget: number;
  /** Each makes the exit code 1. */
  problems: string[];
  notes: string[];
}

export function reportProfile(profile: ProfileEntry, gateway: Gateway): ProfileReport {
  const view = gateway.profileView(profile.name);
  const servers = gateway.profileServers(profile.name);
  const tools = view?.tools ?? [];
  const problems: string[] = [];
  const notes: string[] = [];
  if (servers.length === 0) problems.push('it picks no enabled server: check its servers: globs');
  for (const glob of profile.servers ?? []) {
    if (!gateway.serverIds().some((id) => globToRegExp(glob).test(id))) notes.push(`servers: "${glob}" matches no enabled server`);
  }
  for (const glob of profile.tools?.allow ?? []) {
    if (!tools.some((tool) => globToRegExp(glob).test(tool.name)))
      notes.push(`tools.allow: "${glob}" matches no tool it serves now (globs match advertised names, e.g. github__*)`);
  }
  if (servers.length > 0 && tools.length === 0) notes.push('it serves no tool now');
  const settings = gateway.catalog.settings;
  return {
    name: profile.name,
    servers,
    tools: tools.length,
    toolMode: resolveToolMode([profile.tools, settings.tools], tools.length),
    nameBudget: profile.nameBudget ?? settings.nameBudget,
    problems,
    notes,
  };
}

export function renderProfiles(reports: readonly ProfileReport[]): string {
  if (reports.length === 0) return '';
  const mode = ({ toolMode }: ProfileReport) => (toolMode.configured === 'auto' ? `auto → ${toolMode.mode} (threshold ${toolMode.threshold})` : toolMode.mode);
  const rows = reports.map((r) => [
    r.name,
    r.servers.join(', ') || '-',
    String(r.tools),
    mode(r),
    String(r.nameBudget),
    r.problems[0] ?? (r.notes.length > 0 ? `ok (${r.notes.length} note${r.notes.length === 1 ? '' : 's'})` : 'ok'),
  ]);
  let out = `\n${renderTable(['PROFILE', 'SERVERS', 'TOOLS', 'TOOL MODE', 'BUDGET', 'PROBLEMS'], rows, 48)}`;
  const lines = reports.flatMap((r) => [...r.problems, ...r.notes].map((text) => `  profile ${r.name}: ${text}`));
  if (lines.length > 0) out += `\nProfiles:\n${lines.join('\n')}\n`;
  return out;
}
