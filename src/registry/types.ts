/**
 * The registry's contract: per-server snapshots in, one merged and namespaced view out.
 * Everything in registry/ is pure data: no I/O, no timers, no SDK connections.
 */
import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/server';
import type { ServerShaping } from '../config/schema.js';
import type { ClientFeature } from '../shared/client-features.js';

/** What one downstream server currently offers, as it listed it (original names and URIs). */
export interface ServerSnapshot {
  serverId: string;
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplateType[];
  /**
   * Tools (original names) the server lists only to clients with these features, when the
   * gateway learned that (see downstream/capability-probe.ts); absent = none known.
   */
  toolNeeds?: Readonly<Record<string, readonly ClientFeature[]>>;
}

/** How one server's names are advertised. */
export interface ServerNaming {
  serverId: string;
  /** The prefix in front of its names; `false` passes names through unprefixed. */
  prefix: string | false;
  /** Filters, renames and description overrides, applied to its lists before naming. */
  shaping?: ServerShaping;
}

export interface NamingOptions {
  /** Between prefix and name. @default '__' */
  separator: string;
  /** Longest advertised tool / prompt name (≤ 64). */
  nameBudget: number;
}

export interface RegistryInput {
  naming: NamingOptions;
  /** Every enabled server in catalog order, snapshot or not: the order decides collision winners. */
  servers: readonly ServerNaming[];
  /** Snapshots of the servers that are currently routable. */
  snapshots: ServerSnapshot[];
  /**
   * Tools and prompts whose names stay their server's while it cannot serve them: the last lists
   * of a server that is down, tools held back by pinning or set aside. They take part in naming, in
   * catalog order, exactly as if they were offered, so no neighbour takes their names; they are
   * neither advertised nor routed (see `RegistryView.explainMiss`). Resources are not claimed.
   */
  claims?: readonly Claim[];
  /**
   * Whether a server can serve now, read when a miss is explained (not when the view is built),
   * so the answer is the server's state at that moment. Without it every owner counts as down.
   */
  ownerState?: (serverId: string) => OwnerState | undefined;
}

/** Names a server keeps without offering them, and why (see `RegistryInput.claims`). */
export interface Claim {
  serverId: string;
  tools: readonly Tool[];
  prompts: readonly Prompt[];
  /** @default { kind: 'last-known' } */
  reason?: ClaimReason;
}

export type ClaimReason =
  /** Listed while the server was routable; it is not now. */
  | { kind: 'last-known' }
  /** Held back (tool pinning); `detail` says why and how to release it. */
  | { kind: 'held'; detail: string }
  /** Set aside by the gateway; `detail` says why (e.g. it can only run as a task). */
  | { kind: 'withheld'; detail: string };

/** A server's state as far as serving goes; `detail` says what is wrong (state, last error). */
export type OwnerState = { state: 'ready' } | { state: 'starting' | 'down'; detail?: string };

/**
 * Why an advertised tool or prompt name routes nowhere:
 * - `held` / `withheld`: its server is up and keeps it back (`detail` says why);
 * - `not-offered`: the name is in a ready server's namespace, but that server does not list it;
 * - `starting` / `down`: its server (the one that listed it, or whose namespace it is in) cannot serve now;
 * - `unknown`: no server has or had it.
 */
export type NameMiss =
  | { why: 'held' | 'withheld'; serverId: string; name: string; detail: string }
  | { why: 'not-offered'; serverId: string }
  | { why: 'starting' | 'down'; serverId: string; detail?: string }
  | { why: 'unknown' };

/** Where an advertised tool or prompt name goes. */
export interface NameRoute {
  serverId: string;
  /** The name as the owning server knows it. */
  name: string;
}

/** Where an advertised resource URI goes. */
export interface UriRoute {
  serverId: string;
  /** The URI as the owning server knows it. */
  uri: string;
}

export type RegistryWarningKind = 'sanitized' | 'shortened' | 'collision' | 'hijack';

export interface RegistryWarning {
  kind: RegistryWarningKind;
  /** tool | prompt | resource | resourceTemplate */
  item: 'tool' | 'prompt' | 'resource' | 'resourceTemplate';
  serverId: string;
  original: string;
  /** The name the host sees, or undefined when the item is not advertised at all. */
  advertised?: string;
  /** The other party of a collision. */
  otherServerId?: string;
  message: string;
}

export interface RegistryView {
  readonly tools: readonly Tool[];
  readonly prompts: readonly Prompt[];
  readonly resources: readonly Resource[];
  readonly resourceTemplates: readonly ResourceTemplateType[];
  /**
   * Advertised tools their server lists only to clients with these features (see
   * `ServerSnapshot.toolNeeds`): a host lacking one is not offered the tool (see host-view.ts).
   */
  readonly toolNeeds: ReadonlyMap<string, readonly ClientFeature[]>;
  readonly warnings: readonly RegistryWarning[];
  routeTool(advertisedName: string): NameRoute | undefined;
  routePrompt(advertisedName: string): NameRoute | undefined;
  /** Routes listed resources, URIs instantiated from templates, and any URI under a server's URI prefix. */
  routeResource(advertisedUri: string): UriRoute | undefined;
  /** Routes a resource template by its advertised `uriTemplate` (completion refs). */
  routeResourceTemplate(advertisedUriTemplate: string): UriRoute | undefined;
  /** Why `advertisedName`, which routes nowhere, cannot be served, from this view's inputs (see {@link NameMiss}). */
  explainMiss(kind: 'tool' | 'prompt', advertisedName: string): NameMiss;
  /** Downstream URI → the URI the host sees. */
  advertiseUri(serverId: string, uri: string): string;
}
