/**
 * How the gateway's view is put together from what the servers list, in one pure step: each
 * ready server's snapshot goes through pinning, tools that can only run as tasks are set aside,
 * the names of what is held or set aside (and of servers that are down) stay claimed, and the
 * built-in server comes first. It also answers, for a name no host can route, whose it is and why
 * it cannot be served. No I/O here; the composition root (gateway.ts) calls it.
 */
import type { Catalog } from './config/schema.js';
import type { ConnectionStatus } from './downstream/types.js';
import { buildRegistry } from './registry/index.js';
import type { RegistryView, RegistryWarning, ServerNaming, ServerSnapshot } from './registry/types.js';
import { BUILTIN_SNAPSHOT } from './status-resource.js';
import type { UnavailableOwner } from './upstream/handlers.js';

/** What each server listed before the gateway's own filters, for the tool account of `statuses()`. */
export interface Filtered {
  listed: ServerSnapshot['tools'];
  held: ReadonlySet<string>;
  taskOnly: ReadonlySet<string>;
}

export interface ViewInputs {
  settings: Pick<Catalog['settings'], 'separator' | 'nameBudget'>;
  naming: readonly ServerNaming[];
  /** Every ready server's lists, as listed. */
  ready: readonly ServerSnapshot[];
  /** Each server's last lists while it was ready, updated here: a server that is down keeps its names. */
  lastKnown: Map<string, ServerSnapshot>;
  /** Pinning: the snapshot the registry may see (held tools removed). */
  pin: (snapshot: ServerSnapshot) => ServerSnapshot;
}

export interface AssembledView {
  view: RegistryView;
  filtered: Map<string, Filtered>;
  /** Registry warnings, and one per tool set aside because it needs tasks. */
  warnings: { message: string; warning?: RegistryWarning }[];
}

export function assembleView(inputs: ViewInputs): AssembledView {
  const filtered = new Map<string, Filtered>();
  const claims: ServerSnapshot[] = [];
  const warnings: AssembledView['warnings'] = [];
  const snapshots = inputs.ready.map((raw) => {
    inputs.lastKnown.set(raw.serverId, raw);
    const pinned = inputs.pin(raw);
    const kept = new Set(pinned.tools.map((tool) => tool.name));
    const held = new Set(raw.tools.filter((tool) => !kept.has(tool.name)).map((tool) => tool.name));
    const taskOnly = new Set(pinned.tools.filter(isTaskOnly).map((tool) => tool.name));
    filtered.set(raw.serverId, { listed: raw.tools, held, taskOnly });
    for (const name of taskOnly) {
      warnings.push({ message: `tool "${name}" of server "${raw.serverId}" requires tasks, which the gateway does not relay; it is not offered` });
    }
    // A tool held by pinning (or set aside) keeps its name: no neighbour takes it over meanwhile.
    if (held.size > 0 || taskOnly.size > 0) {
      const tools = raw.tools.filter((tool) => held.has(tool.name) || taskOnly.has(tool.name));
      claims.push({ serverId: raw.serverId, tools, prompts: [], resources: [], resourceTemplates: [] });
    }
    return taskOnly.size === 0 ? pinned : { ...pinned, tools: pinned.tools.filter((tool) => !taskOnly.has(tool.name)) };
  });
  const ready = new Set(snapshots.map((snapshot) => snapshot.serverId));
  for (const [serverId, last] of inputs.lastKnown) {
    if (!inputs.naming.some((naming) => naming.serverId === serverId)) inputs.lastKnown.delete(serverId);
    else if (!ready.has(serverId)) claims.push(last);
  }
  const view = buildRegistry({
    naming: { separator: inputs.settings.separator, nameBudget: inputs.settings.nameBudget },
    servers: inputs.naming,
    snapshots: [BUILTIN_SNAPSHOT, ...snapshots],
    claims,
  });
  for (const warning of view.warnings) warnings.push({ message: warning.message, warning });
  return { view, filtered, warnings };
}

/**
 * The server that owns `name` while it cannot serve it, and why (so the error can say so): a
 * name it listed before it went down or held back, or one in its namespace.
 */
export function unavailableOwner(
  assembled: Pick<AssembledView, 'view' | 'filtered'>,
  context: { naming: readonly ServerNaming[]; separator: string; status: (serverId: string) => ConnectionStatus | undefined },
  kind: 'tool' | 'prompt',
  name: string,
): UnavailableOwner | undefined {
  const claim = assembled.view.claimant(kind, name);
  const serverId = claim?.serverId ?? context.naming.find(({ prefix }) => prefix !== false && name.startsWith(`${prefix}${context.separator}`))?.serverId;
  if (serverId === undefined) return undefined;
  const status = context.status(serverId);
  if (status?.state === 'ready') {
    const taskOnly = kind === 'tool' && claim !== undefined && assembled.filtered.get(serverId)?.taskOnly.has(claim.name) === true;
    const why = taskOnly ? 'it can only run as a task, which the gateway does not relay' : 'the server does not offer it now';
    return { serverId, offered: false, reason: why };
  }
  const reason = status ? `state ${status.state}${status.lastError !== undefined ? `, ${status.lastError}` : ''}` : undefined;
  return { serverId, ...(reason !== undefined && { reason }) };
}

/** A tool that can only run as a task (`execution.taskSupport: required`). */
function isTaskOnly(tool: ServerSnapshot['tools'][number]): boolean {
  return (tool as { execution?: { taskSupport?: string } }).execution?.taskSupport === 'required';
}
