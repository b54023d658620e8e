/**
 * Why a tool or prompt name routes nowhere, answered from the registry's own inputs: the names a
 * server keeps without offering them (claims, each with its reason), the servers' namespaces, and
 * the owner's state at the moment of asking. Pure.
 */
import type { ClaimReason, NameMiss, NameRoute, NamingOptions, OwnerState, ServerNaming } from './types.js';

/** A claimed advertised name: whose it is, its original name, and why it is not offered. */
export interface ClaimedName extends NameRoute {
  reason: ClaimReason;
}

export interface MissInputs {
  claimed: ReadonlyMap<string, ClaimedName>;
  servers: readonly ServerNaming[];
  naming: Pick<NamingOptions, 'separator'>;
  ownerState: ((serverId: string) => OwnerState | undefined) | undefined;
}

export function explainMiss(inputs: MissInputs, advertisedName: string): NameMiss {
  const claim = inputs.claimed.get(advertisedName);
  const serverId = claim?.serverId ?? namespaceOwner(inputs, advertisedName);
  if (serverId === undefined) return { why: 'unknown' };
  const owner = inputs.ownerState?.(serverId) ?? { state: 'down' };
  if (owner.state === 'ready') {
    const reason = claim?.reason;
    if (claim !== undefined && reason !== undefined && reason.kind !== 'last-known')
      return { why: reason.kind, serverId, name: claim.name, detail: reason.detail };
    return { why: 'not-offered', serverId };
  }
  return { why: owner.state, serverId, ...(owner.detail !== undefined && { detail: owner.detail }) };
}

/** The server whose prefix `name` carries (the longest such prefix), if any. */
function namespaceOwner({ servers, naming }: MissInputs, name: string): string | undefined {
  let best: ServerNaming | undefined;
  for (const server of servers) {
    if (server.prefix === false || !name.startsWith(`${server.prefix}${naming.separator}`)) continue;
    if (best === undefined || server.prefix.length > (best.prefix as string).length) best = server;
  }
  return best?.serverId;
}
