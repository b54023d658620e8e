/**
 * The registry's contract: per-server snapshots in, one merged and namespaced view out.
 * Everything in registry/ is pure data: no I/O, no timers, no SDK connections.
 */
import type { Prompt, Resource, ResourceTemplate, Tool } from '@modelcontextprotocol/sdk/types.js';
import type { ServerShaping } from '../config/schema.js';

/** What one downstream server currently offers, as it listed it (original names and URIs). */
export interface ServerSnapshot {
  serverId: string;
  tools: Tool[];
  prompts: Prompt[];
  resources: Resource[];
  resourceTemplates: ResourceTemplate[];
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
   * of a server that is down, tools held back by pinning or left out. They take part in naming, in
   * catalog order, exactly as if they were offered, so no neighbour takes their names; they are
   * neither advertised nor routed (see `RegistryView.claimant`). Resources are not claimed.
   */
  claims?: ServerSnapshot[];
}

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
  readonly resourceTemplates: readonly ResourceTemplate[];
  readonly warnings: readonly RegistryWarning[];
  routeTool(advertisedName: string): NameRoute | undefined;
  routePrompt(advertisedName: string): NameRoute | undefined;
  /** Routes listed resources, URIs instantiated from templates, and any URI under a server's URI prefix. */
  routeResource(advertisedUri: string): UriRoute | undefined;
  /** Routes a resource template by its advertised `uriTemplate` (completion refs). */
  routeResourceTemplate(advertisedUriTemplate: string): UriRoute | undefined;
  /**
   * The server (and its original name) that holds `advertisedName` without offering it now (down, or the item held back),
   * so a call can be refused with the owner's name instead of going to anyone else.
   */
  claimant(kind: 'tool' | 'prompt', advertisedName: string): NameRoute | undefined;
  /** Downstream URI → the URI the host sees. */
  advertiseUri(serverId: string, uri: string): string;
}
