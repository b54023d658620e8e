/**
 * How the gateway's view is put together from what the servers list, in one pure step: each
 * ready server's snapshot goes through pinning, tools that can only run as tasks are set aside,
 * the names of what is held or set aside (and of servers that are down) stay claimed, and the
 * built-in server comes first. Each kept name carries its reason, so the view itself can say why a
 * name routes nowhere. Each profile's view is cut from the merged view of its name budget, built
 * once per budget from the same snapshots. No I/O here; the composition root (gateway.ts) calls it.
 */
import type { Tool } from '@modelcontextprotocol/server';
import type { Catalog, ProfileEntry } from './config/schema.js';
import type { ConnectionStatus } from './downstream/types.js';
import { buildRegistry, GATEWAY_TOOLS, selectProfile } from './registry/index.js';
import type { ProfileSelection } from './registry/index.js';
import type { Claim, OwnerState, RegistryView, RegistryWarning, ServerNaming, ServerSnapshot } from './registry/types.js';
import { featureList } from './shared/client-features.js';
import { BUILTIN_SERVER_ID, BUILTIN_SNAPSHOT } from './status-resource.js';

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
  /** Why pinning holds a tool back, with how to release it. */
  heldDetail: (serverId: string, tool: string) => string | undefined;
  /** Each server's connection state now (read when a miss is explained). */
  status: (serverId: string) => ConnectionStatus | undefined;
  /** The catalog's profiles. @default none */
  profiles?: readonly ProfileEntry[] | undefined;
}

export interface AssembledView {
  /** The default view (every server, every tool): `/mcp`, stdio without `--profile`. */
  view: RegistryView;
  /** Each profile's view, by profile name. */
  profiles: Map<string, RegistryView>;
  filtered: Map<string, Filtered>;
  /**
   * Registry warnings, one per tool set aside because it needs tasks, and (level info) one per
   * tool offered only to hosts with a client capability. Each names its server.
   */
  warnings: { message: string; serverId?: string; level?: 'info'; warning?: RegistryWarning }[];
}

export function assembleView(inputs: ViewInputs): AssembledView {
  const filtered = new Map<string, Filtered>();
  const claims: Claim[] = [];
  const warnings: AssembledView['warnings'] = [];
  const snapshots = inputs.ready.map((raw) => {
    inputs.lastKnown.set(raw.serverId, raw);
    const pinned = inputs.pin(raw);
    const kept = new Set(pinned.tools.map((tool) => tool.name));
    const held = new Set(raw.tools.filter((tool) => !kept.has(tool.name)).map((tool) => tool.name));
    // Tools that only run as tasks are offered when their server takes task-augmented calls (the gateway relays them).
    const relaysTasks = takesTaskCalls(inputs.status(raw.serverId));
    const taskOnly = new Set(relaysTasks ? [] : pinned.tools.filter(isTaskOnly).map((tool) => tool.name));
    filtered.set(raw.serverId, { listed: raw.tools, held, taskOnly });
    for (const name of taskOnly) {
      warnings.push({
        serverId: raw.serverId,
        message: `tool "${name}" of server "${raw.serverId}" requires tasks, which its server does not offer; it is not offered`,
      });
    }
    for (const [name, needs] of Object.entries(raw.toolNeeds ?? {})) {
      const message = `tool "${name}" of server "${raw.serverId}" is listed only to clients that declare ${featureList(needs)}; hosts that do not are not offered it`;
      warnings.push({ serverId: raw.serverId, level: 'info', message });
    }
    // A tool held by pinning (or set aside) keeps its name: no neighbour takes it over meanwhile.
    for (const tool of raw.tools) {
      if (held.has(tool.name)) {
        const detail = inputs.heldDetail(raw.serverId, tool.name) ?? `tool "${tool.name}" of server "${raw.serverId}" is held back by pinning`;
        claims.push({ serverId: raw.serverId, tools: [tool], prompts: [], reason: { kind: 'held', detail } });
      } else if (taskOnly.has(tool.name)) {
        claims.push({ serverId: raw.serverId, tools: [tool], prompts: [], reason: { kind: 'withheld', detail: TASK_ONLY } });
      }
    }
    return taskOnly.size === 0 ? pinned : { ...pinned, tools: pinned.tools.filter((tool) => !taskOnly.has(tool.name)) };
  });
  const ready = new Set(snapshots.map((snapshot) => snapshot.serverId));
  for (const [serverId, last] of inputs.lastKnown) {
    if (!inputs.naming.some((naming) => naming.serverId === serverId)) inputs.lastKnown.delete(serverId);
    else if (!ready.has(serverId)) claims.push(last);
  }
  // The gateway's search-mode tools keep their names in every view, whatever its mode: no server takes them.
  claims.push({ serverId: BUILTIN_SERVER_ID, tools: GATEWAY_TOOL_CLAIMS, prompts: [], reason: { kind: 'withheld', detail: GATEWAY_TOOL } });
  const byBudget = new Map<number, RegistryView>();
  const merged = (nameBudget: number): RegistryView => {
    let built = byBudget.get(nameBudget);
    if (!built) {
      built = buildRegistry({
        naming: { separator: inputs.settings.separator, nameBudget },
        servers: inputs.naming,
        snapshots: [BUILTIN_SNAPSHOT, ...snapshots],
        claims,
        ownerState: (serverId) => (serverId === BUILTIN_SERVER_ID ? { state: 'ready' } : ownerStateOf(inputs.status(serverId))),
      });
      byBudget.set(nameBudget, built);
    }
    return built;
  };
  const view = merged(inputs.settings.nameBudget);
  for (const warning of view.warnings) warnings.push({ message: warning.message, serverId: warning.serverId, warning });
  const profiles = new Map<string, RegistryView>();
  for (const profile of inputs.profiles ?? []) {
    profiles.set(profile.name, selectProfile(merged(profile.nameBudget ?? inputs.settings.nameBudget), profileSelection(profile)));
  }
  return { view, filtered, warnings, profiles };
}

/** What a catalog profile picks, as the registry takes it. */
export function profileSelection(profile: ProfileEntry): ProfileSelection {
  return { servers: profile.servers, allow: profile.tools?.allow, deny: profile.tools?.deny, always: ALWAYS };
}

/** In every profile: the gateway's own server (its status resource, its search-mode tools). */
const ALWAYS: ReadonlySet<string> = new Set([BUILTIN_SERVER_ID]);

const GATEWAY_TOOL = "it is one of the gateway's search-mode tools, and this view lists every tool directly (tools.mode: all)";
const GATEWAY_TOOL_CLAIMS: Tool[] = Object.values(GATEWAY_TOOLS).map((name) => ({ name, inputSchema: { type: 'object' } }));

const TASK_ONLY = 'it can only run as a task, which its server does not offer';

/** A connection's state as the registry needs it: ready, still on its first start, or down (and why). */
function ownerStateOf(status: ConnectionStatus | undefined): OwnerState | undefined {
  if (status === undefined) return undefined;
  // An asleep server is advertised from its snapshot and started by the first call that needs it.
  if (status.state === 'ready' || status.state === 'asleep') return { state: 'ready' };
  const detail = `state ${status.state}${status.lastError !== undefined ? `, ${status.lastError}` : ''}`;
  return { state: status.state === 'idle' || status.state === 'connecting' ? 'starting' : 'down', detail };
}

/** Whether a server takes task-augmented `tools/call` (its 2025-11-25 `tasks` capability). */
function takesTaskCalls(status: ConnectionStatus | undefined): boolean {
  const tasks = (status?.capabilities as { tasks?: { requests?: { tools?: { call?: unknown } } } } | undefined)?.tasks;
  return tasks?.requests?.tools?.call !== undefined;
}

/** A tool that can only run as a task (`execution.taskSupport: required`). */
function isTaskOnly(tool: ServerSnapshot['tools'][number]): boolean {
  return (tool as { execution?: { taskSupport?: string } }).execution?.taskSupport === 'required';
}
