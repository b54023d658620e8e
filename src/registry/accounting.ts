/**
 * Why each tool a server lists is, or is not, offered to hosts: one account per server that every
 * surface (`list`, `status`, `check`, the status resource, HTTP `/status`) prints, so their counts
 * agree. Pure: the lists before and after each filter in, counts and reasons out.
 */
import type { Tool } from '@modelcontextprotocol/server';
import type { NameShaping } from '../config/schema.js';
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

export interface ToolAccount {
  /** How many tools the server lists. */
  listed: number;
  /** How many of them hosts see. */
  advertised: number;
  /** Every listed tool that hosts do not see, with the reason, in the server's order. */
  withheld: WithheldTool[];
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
  view: Pick<RegistryView, 'tools' | 'routeTool'>;
}

const DETAIL: Record<WithheldReason, string> = {
  'needs-tasks': 'requires tasks, which its server does not offer',
  shaping: 'left out by the catalog (tools: hide / allow / deny)',
  pinning: 'held by pinning: its definition changed since it was approved (see `approve`)',
  collision: 'its advertised name is taken by another server (see `check`)',
};

/** Accounts for every tool `input.listed` holds: advertised, or withheld with its reason. */
export function accountTools(input: AccountInput): ToolAccount {
  const advertised = new Set<string>();
  for (const tool of input.view.tools) {
    const route = input.view.routeTool(tool.name);
    if (route?.serverId === input.serverId) advertised.add(route.name);
  }
  const withheld: WithheldTool[] = [];
  let count = 0;
  for (const { name } of input.listed) {
    if (advertised.has(name)) {
      count += 1;
      continue;
    }
    const reason = reasonFor(name, input);
    withheld.push({ name, reason, detail: DETAIL[reason] });
  }
  return { listed: input.listed.length, advertised: count, withheld };
}

function reasonFor(name: string, input: AccountInput): WithheldReason {
  if (input.taskOnly.has(name)) return 'needs-tasks';
  if (input.held.has(name)) return 'pinning';
  if (!isAdvertised(name, input.shaping)) return 'shaping';
  return 'collision';
}

/** `3/4 (1 needs tasks)`: the short form tables print. */
export function accountSummary(account: ToolAccount): string {
  if (account.withheld.length === 0) return String(account.listed);
  const byReason = new Map<WithheldReason, number>();
  for (const { reason } of account.withheld) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const reasons = [...byReason].map(([reason, n]) => `${n} ${LABEL[reason]}`).join(', ');
  return `${account.advertised}/${account.listed} (${reasons})`;
}

const LABEL: Record<WithheldReason, string> = {
  'needs-tasks': 'needs tasks',
  shaping: 'shaped out',
  pinning: 'held',
  collision: 'collided',
};
