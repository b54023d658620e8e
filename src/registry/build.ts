/**
 * `buildRegistry`: per-server snapshots in, one merged, namespaced and routable view out.
 * Pure: the same input always gives a deep-equal view (lists and warnings), whatever the order of
 * `input.snapshots`; only `input.servers` (catalog order) decides who wins a collision.
 */
import { UriTemplate } from '@modelcontextprotocol/server';
import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/server';
import { assignNames } from './assign-names.js';
import type { NameAssignment, NamedCandidate } from './assign-names.js';
import { assignUris } from './assign-uris.js';
import { explainMiss } from './miss.js';
import type { ClaimedName } from './miss.js';
import type { UriCandidate } from './assign-uris.js';
import { shapeLocated, shapeNamed } from './shaping.js';
import { advertiseToolUi, routeAppCall, uiVisibility } from './apps.js';
import { assignSchemes, prefixUri, splitPrefixedUri } from './uris.js';
import type { ClientFeature } from '../shared/client-features.js';
import type { Claim, ClaimReason, NameRoute, RegistryInput, RegistryView, RegistryWarning, ServerNaming, ServerSnapshot, UriRoute } from './types.js';

interface PassThroughTemplate {
  serverId: string;
  template: UriTemplate;
}

/**
 * Merges `input.snapshots` in catalog order (`input.servers`) into the lists hosts see, plus the
 * routing tables back. Advertised items are shallow copies of the downstream ones with only
 * `name` / `uri` / `uriTemplate` replaced. Snapshots of servers missing from `input.servers` are
 * ignored: a server outside the catalog has no prefix to advertise under.
 */
export function buildRegistry(input: RegistryInput): RegistryView {
  const servers = uniqueServers(input.servers);
  const snapshots = new Map<string, ServerSnapshot>();
  for (const snapshot of input.snapshots) if (!snapshots.has(snapshot.serverId)) snapshots.set(snapshot.serverId, snapshot);
  const present = servers.flatMap((server) => {
    const snapshot = snapshots.get(server.serverId);
    return snapshot ? [{ ...server, snapshot }] : [];
  });
  const claims = claimsByServer(input.claims ?? [], snapshots);
  /** Each claimed item (as shaped), with why it is not offered. */
  const claimed = new Map<object, ClaimReason>();

  const schemes = assignSchemes(servers);

  // Shaping (filters, renames, descriptions) happens here, before naming: a hidden item claims no name.
  // Claimed items are named alongside the offered ones, each server's after its own, in catalog order.
  const named = <T extends { name: string; description?: string | undefined }>(
    kind: 'tools' | 'prompts',
    pick: (s: ServerSnapshot) => readonly T[],
  ): NamedCandidate<T>[] =>
    servers.flatMap(({ serverId, prefix, shaping }) => {
      const candidates = (items: readonly T[], reasons?: ReadonlyMap<string, ClaimReason>): NamedCandidate<T>[] =>
        shapeNamed(items, shaping?.[kind]).map(({ original, part, renamed, item }) => {
          if (reasons) claimed.set(item, reasons.get(original) ?? LAST_KNOWN);
          return { serverId, prefix, original, ...(renamed && { part }), item };
        });
      const offered = snapshots.get(serverId);
      const held = claims.get(serverId);
      return [...(offered ? candidates(pick(offered)) : []), ...(held ? candidates(pick(held), held.reasons[kind]) : [])];
    });
  const tools = split(
    assignNames(
      'tool',
      named('tools', (s) => s.tools),
      servers,
      input.naming,
    ),
    claimed,
  );
  const prompts = split(
    assignNames(
      'prompt',
      named('prompts', (s) => s.prompts),
      servers,
      input.naming,
    ),
    claimed,
  );

  const located = <T>(pick: (s: ServerSnapshot) => readonly T[], uriOf: (item: T) => string): UriCandidate<T>[] =>
    present.flatMap(({ serverId, shaping, snapshot }) =>
      shapeLocated(pick(snapshot), uriOf, shaping?.resources).map((item) => ({ serverId, original: uriOf(item), item })),
    );
  // A UI resource goes with its tools: one that only tools hidden by shaping (or not offered) name is hidden too.
  const uiShown = uiVisibility(present, tools.assigned);
  const resources = assignUris(
    'resource',
    located(
      (s) => s.resources,
      (r: Resource) => r.uri,
    ).filter(({ serverId, original }) => uiShown(serverId, original)),
    schemes,
  );
  const templates = assignUris(
    'resourceTemplate',
    located(
      (s) => s.resourceTemplates,
      (t: ResourceTemplateType) => t.uriTemplate,
    ),
    schemes,
  );

  const toolRoutes = new Map<string, NameRoute>();
  const toolNeeds = new Map<string, readonly ClientFeature[]>();
  for (const { name, serverId, original } of tools.assigned) {
    toolRoutes.set(name, { serverId, name: original });
    const needs = snapshots.get(serverId)?.toolNeeds?.[original];
    if (needs !== undefined && needs.length > 0) toolNeeds.set(name, [...needs]);
  }
  const promptRoutes = new Map<string, NameRoute>();
  for (const { name, serverId, original } of prompts.assigned) promptRoutes.set(name, { serverId, name: original });
  const resourceRoutes = new Map<string, UriRoute>();
  for (const { uri, serverId, original } of resources.assigned) resourceRoutes.set(uri, { serverId, uri: original });
  const templateRoutes = new Map<string, UriRoute>();
  const passThroughTemplates: PassThroughTemplate[] = [];
  for (const { uri, serverId, original } of templates.assigned) {
    templateRoutes.set(uri, { serverId, uri: original });
    if (!schemes.byServer.has(serverId)) {
      const template = compileTemplate(original);
      if (template) passThroughTemplates.push({ serverId, template });
    }
  }

  const advertiseUri = (serverId: string, uri: string): string => {
    const scheme = schemes.byServer.get(serverId);
    return scheme === undefined ? uri : prefixUri(scheme, uri);
  };
  /** Servers whose advertised resources include an MCP Apps UI (`ui://`): their tools may be called by their own names. */
  const serversWithUi = new Set(resources.assigned.filter(({ original }) => original.startsWith('ui://')).map(({ serverId }) => serverId));

  /** `<scheme>+<rest>` → the server owning that scheme, with `rest` as its URI. */
  const routeByScheme = (uri: string): UriRoute | undefined => {
    const split = splitPrefixedUri(uri);
    if (!split || split.rest === '') return undefined;
    const serverId = schemes.byScheme.get(split.scheme);
    return serverId === undefined ? undefined : { serverId, uri: split.rest };
  };

  return {
    tools: tools.assigned.map(({ name, item, serverId }): Tool => advertiseToolUi({ ...item, name }, (uri) => advertiseUri(serverId, uri))),
    prompts: prompts.assigned.map(({ name, item }): Prompt => ({ ...item, name })),
    resources: resources.assigned.map(({ uri, item }): Resource => ({ ...item, uri })),
    resourceTemplates: templates.assigned.map(({ uri, item }): ResourceTemplateType => ({ ...item, uriTemplate: uri })),
    toolNeeds,
    warnings: [...schemes.warnings, ...tools.warnings, ...prompts.warnings, ...resources.warnings, ...templates.warnings],
    explainMiss: (kind, advertisedName) =>
      explainMiss({ claimed: (kind === 'tool' ? tools : prompts).claimed, servers, naming: input.naming, ownerState: input.ownerState }, advertisedName),
    routeTool: (advertisedName) => copy(toolRoutes.get(advertisedName)) ?? routeAppCall(advertisedName, tools.assigned, serversWithUi),
    routePrompt: (advertisedName) => copy(promptRoutes.get(advertisedName)),
    routeResource(advertisedUri) {
      const exact = resourceRoutes.get(advertisedUri);
      if (exact) return { ...exact };
      const prefixed = routeByScheme(advertisedUri);
      if (prefixed) return prefixed;
      for (const { serverId, template } of passThroughTemplates) {
        if (matches(template, advertisedUri)) return { serverId, uri: advertisedUri };
      }
      return undefined;
    },
    routeResourceTemplate(advertisedUriTemplate) {
      const exact = templateRoutes.get(advertisedUriTemplate);
      return exact ? { ...exact } : routeByScheme(advertisedUriTemplate);
    },
    advertiseUri,
  };
}

const LAST_KNOWN: ClaimReason = { kind: 'last-known' };

/** One server's claims merged: its items (the first claim of a name wins) and each one's reason, by original name. */
interface ServerClaims extends ServerSnapshot {
  reasons: { tools: Map<string, ClaimReason>; prompts: Map<string, ClaimReason> };
}

/**
 * Each server's claimed items, minus those it offers now (an offered item is its own claim). A
 * server that offers nothing and claims nothing has no entry.
 */
function claimsByServer(claims: readonly Claim[], offered: ReadonlyMap<string, ServerSnapshot>): Map<string, ServerClaims> {
  const out = new Map<string, ServerClaims>();
  for (const claim of claims) {
    let merged = out.get(claim.serverId);
    if (!merged) {
      merged = { serverId: claim.serverId, tools: [], prompts: [], resources: [], resourceTemplates: [], reasons: { tools: new Map(), prompts: new Map() } };
      out.set(claim.serverId, merged);
    }
    const live = offered.get(claim.serverId);
    const reason = claim.reason ?? LAST_KNOWN;
    for (const tool of claim.tools) {
      if (merged.reasons.tools.has(tool.name) || live?.tools.some((t) => t.name === tool.name)) continue;
      merged.reasons.tools.set(tool.name, reason);
      merged.tools.push(tool);
    }
    for (const prompt of claim.prompts) {
      if (merged.reasons.prompts.has(prompt.name) || live?.prompts.some((p) => p.name === prompt.name)) continue;
      merged.reasons.prompts.set(prompt.name, reason);
      merged.prompts.push(prompt);
    }
  }
  return out;
}

/**
 * Separates claimed names from advertised ones. Warnings about a claimed item itself (it lost a
 * collision) are left out: it is not offered, so no host sees that name move.
 */
function split<T extends object>(
  result: { assigned: NameAssignment<T>[]; warnings: RegistryWarning[] },
  claimed: ReadonlyMap<object, ClaimReason>,
): { assigned: NameAssignment<T>[]; warnings: RegistryWarning[]; claimed: Map<string, ClaimedName> } {
  const claimedNames = new Map<string, ClaimedName>();
  const heldOriginals = new Set<string>();
  const assigned: NameAssignment<T>[] = [];
  for (const assignment of result.assigned) {
    const reason = claimed.get(assignment.item);
    if (reason !== undefined) {
      claimedNames.set(assignment.name, { serverId: assignment.serverId, name: assignment.original, reason });
      heldOriginals.add(`${assignment.serverId}\0${assignment.original}`);
    } else {
      assigned.push(assignment);
    }
  }
  const warnings = result.warnings.filter((warning) => !heldOriginals.has(`${warning.serverId}\0${warning.original}`));
  return { assigned, warnings, claimed: claimedNames };
}

/** Catalog entries in order, later duplicates of a server id dropped. */
function uniqueServers(servers: readonly ServerNaming[]): ServerNaming[] {
  const seen = new Set<string>();
  return servers.filter(({ serverId }) => !seen.has(serverId) && Boolean(seen.add(serverId)));
}

function copy<T extends object>(route: T | undefined): T | undefined {
  return route ? { ...route } : undefined;
}

/** A template the SDK cannot parse is still listed; it just routes nothing by matching. */
function compileTemplate(source: string): UriTemplate | undefined {
  try {
    return new UriTemplate(source);
  } catch {
    return undefined;
  }
}

function matches(template: UriTemplate, uri: string): boolean {
  try {
    return template.match(uri) !== null;
  } catch {
    return false;
  }
}
