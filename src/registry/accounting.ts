/**
 * Why each tool a server lists is, or is not, offered to hosts: one account per server that every
 * surface (`list`, `status`, `check`, the status resource, HTTP `/status`) prints, so their counts
 * agree. Pure: the lists before and after each filter in, counts and reasons out.
 *
 * `advertised` counts what a host with every client capability the gateway offered the server is
 * offered; `needsCapability` names those of them a host lacking a capability is not offered
 * (`advertised - needsCapability.length` reach every host).
 */
import type { Tool } from '@modelcontextprotocol/server';
import type { NameShaping } from '../config/schema.js';
import { featureList, type ClientFeature } from '../shared/client-features.js';
import { isAdvertised } from './shaping.js';
import type { RegistryView } from './types.js';

/** Why a listed tool is not advertised. */
export type WithheldReason = 'needs-tasks' | 'shaping' | 'pinning' | 'collision';

export interface WithheldTool {
  /** The tool's name as the server lists it. */
  name: string;
  reason: WithheldReason;
  /** One sentence for people. */
  detail: string;
}

/** An advertised tool that only hosts with certain client capabilities are offered. */
export interface GatedTool {
  /** The tool's name as the server lists it. */
  name: string;
  /** The client features a host must declare to be offered it. */
  needs: ClientFeature[];
  /** One sentence for people. */
  detail: string;
}

/** An advertised tool whose name another tool took first: it is offered under another name. */
export interface CollidedTool {
  /** The tool's name as the server lists it. */
  name: string;
  /** The name hosts see instead. */
  advertised: string;
  /** The server whose tool (or namespace) took the name. */
  otherServerId: string;
  /** One sentence for people. */
  detail: string;
}

export interface ToolAccount {
  /** How many tools the server lists (to the gateway, which offered it `offered`). */
  listed: number;
  /** How many of them hosts see (a host with every feature in `offered`). */
  advertised: number;
  /** Every listed tool that no host sees, with the reason, in the server's order. */
  withheld: WithheldTool[];
  /** Advertised tools offered only to hosts that declare a client capability, in the server's order. */
  needsCapability: GatedTool[];
  /** Advertised tools that lost their name in a collision and are offered under another, in the server's order. */
  collided: CollidedTool[];
  /** The client features the gateway offered the server (all it relays when hosts share connections; the host's own over stdio). */
  offered: ClientFeature[];
}

export interface AccountInput {
  serverId: string;
  /** What the server lists, as it listed it. */
  listed: readonly Pick<Tool, 'name'>[];
  /** Tools that can only run as tasks (not relayed). */
  taskOnly: ReadonlySet<string>;
  /** Tools held back by pinning (changed since approved). */
  held: ReadonlySet<string>;
  /** The server's tool shaping (`tools:` in the catalog). */
  shaping: NameShaping | undefined;
  /** The merged view hosts see. */
  view: Pick<RegistryView, 'tools' | 'routeTool' | 'toolNeeds' | 'warnings'>;
  /** The client features the server was offered. @default [] */
  offered?: readonly ClientFeature[];
}

const DETAIL: Record<WithheldReason, string> = {
  'needs-tasks': 'requires tasks, which its server does not offer',
  shaping: 'left out by the catalog (tools: hide / allow / deny)',
  pinning: 'held by pinning: its definition changed since it was approved (see `approve`)',
  collision: "another tool of the same name comes first in its server's list",
};

/** Accounts for every tool `input.listed` holds: advertised, or withheld with its reason. */
export function accountTools(input: AccountInput): ToolAccount {
  /** Original name → the features it needs (none: every host). */
  const advertised = new Map<string, readonly ClientFeature[]>();
  for (const tool of input.view.tools) {
    const route = input.view.routeTool(tool.name);
    if (route?.serverId === input.serverId) advertised.set(route.name, input.view.toolNeeds.get(tool.name) ?? []);
  }
  const withheld: WithheldTool[] = [];
  const needsCapability: GatedTool[] = [];
  let count = 0;
  for (const { name } of input.listed) {
    const needs = advertised.get(name);
    if (needs !== undefined) {
      count += 1;
      if (needs.length > 0) needsCapability.push({ name, needs: [...needs], detail: `offered only to hosts that declare ${featureList(needs)}` });
      continue;
    }
    const reason = reasonFor(name, input);
    withheld.push({ name, reason, detail: DETAIL[reason] });
  }
  const collided: CollidedTool[] = [];
  for (const warning of input.view.warnings) {
    if (warning.item !== 'tool' || warning.serverId !== input.serverId || (warning.kind !== 'collision' && warning.kind !== 'hijack')) continue;
    if (warning.advertised === undefined || warning.otherServerId === undefined) continue;
    collided.push({ name: warning.original, advertised: warning.advertised, otherServerId: warning.otherServerId, detail: warning.message });
  }
  return { listed: input.listed.length, advertised: count, withheld, needsCapability, collided, offered: [...(input.offered ?? [])] };
}

/** The first reason that applies: what the catalog leaves out, then what pinning holds, then what needs tasks. */
function reasonFor(name: string, input: AccountInput): WithheldReason {
  if (!isAdvertised(name, input.shaping)) return 'shaping';
  if (input.held.has(name)) return 'pinning';
  if (input.taskOnly.has(name)) return 'needs-tasks';
  return 'collision';
}

/**
 * `3/4 (1 needs tasks)`, `17 (4 only for some hosts)`: the short form tables print (`unit` goes
 * after the counts). Tools only some hosts are offered are among the advertised ones.
 */
export function accountSummary(
  account: Pick<ToolAccount, 'listed' | 'advertised' | 'withheld'> & Partial<Pick<ToolAccount, 'needsCapability' | 'collided'>>,
  unit = '',
): string {
  const byReason = new Map<string, number>();
  for (const { reason } of account.withheld) byReason.set(LABEL[reason], (byReason.get(LABEL[reason]) ?? 0) + 1);
  const gated = account.needsCapability?.length ?? 0;
  if (gated > 0) byReason.set('only for some hosts', gated);
  const collided = account.collided?.length ?? 0;
  if (collided > 0) byReason.set('renamed by a collision', collided);
  const counts = (account.withheld.length === 0 ? String(account.listed) : `${account.advertised}/${account.listed}`) + unit;
  if (byReason.size === 0) return counts;
  return `${counts} (${[...byReason].map(([label, n]) => `${n} ${label}`).join(', ')})`;
}

const LABEL: Record<WithheldReason, string> = {
  'needs-tasks': 'needs tasks',
  shaping: 'shaped out',
  pinning: 'held',
  collision: 'collided',
};
