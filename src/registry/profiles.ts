/**
 * Profiles are views: `selectProfile` narrows a merged view to the servers and tools one profile
 * picks, keeping every name as the merged view assigned it (a tool is called the same in every
 * profile with the same name budget). What the profile leaves out is gone from every path: lists,
 * routes of calls, prompts, reads and completions, and the explanation of a miss, which says
 * "unknown" as if the item never existed. Pure.
 */
import { globToRegExp } from './shaping.js';
import type { NameMiss, NameRoute, RegistryView } from './types.js';

/** What one profile picks from the merged view. */
export interface ProfileSelection {
  /** Globs over server ids; every server when absent. */
  servers?: readonly string[] | undefined;
  /** Globs over advertised tool names; only matches are in (deny by default) when present. */
  allow?: readonly string[] | undefined;
  /** Globs over advertised tool names that are never in; deny wins over allow. */
  deny?: readonly string[] | undefined;
  /** Servers in every profile whatever the globs say (the gateway's built-in server). */
  always?: ReadonlySet<string>;
}

/** Whether `selection` picks server `serverId` (its tools may still be narrowed by `allow` / `deny`). */
export function picksServer(selection: ProfileSelection, serverId: string): boolean {
  return selection.always?.has(serverId) === true || selection.servers === undefined || matchesAny(serverId, selection.servers);
}

/** The view of `view` that `selection` picks (see the file header). */
export function selectProfile(view: RegistryView, selection: ProfileSelection): RegistryView {
  const serverIn = (serverId: string): boolean => picksServer(selection, serverId);
  const nameIn = (name: string): boolean => (selection.allow === undefined || matchesAny(name, selection.allow)) && !matchesAny(name, selection.deny ?? []);
  const tools = view.tools.filter((tool) => {
    const route = view.routeTool(tool.name);
    return route !== undefined && serverIn(route.serverId) && nameIn(tool.name);
  });
  const kept = new Set(tools.map((tool) => tool.name));
  // A tool is in by what it is (server and original name), so every way of calling it agrees.
  const inProfile = new Set(tools.map((tool) => keyOf(view.routeTool(tool.name) as NameRoute)));
  const routed = <R extends { serverId: string }>(route: R | undefined): R | undefined => (route !== undefined && serverIn(route.serverId) ? route : undefined);
  return {
    tools,
    prompts: view.prompts.filter((prompt) => routed(view.routePrompt(prompt.name)) !== undefined),
    resources: view.resources.filter((resource) => routed(view.routeResource(resource.uri)) !== undefined),
    resourceTemplates: view.resourceTemplates.filter((template) => routed(view.routeResourceTemplate(template.uriTemplate)) !== undefined),
    toolNeeds: new Map([...view.toolNeeds].filter(([name]) => kept.has(name))),
    warnings: view.warnings.filter((warning) => serverIn(warning.serverId)),
    routeTool(name) {
      const route = view.routeTool(name);
      return route !== undefined && inProfile.has(keyOf(route)) ? route : undefined;
    },
    routePrompt: (name) => routed(view.routePrompt(name)),
    routeResource: (uri) => routed(view.routeResource(uri)),
    routeResourceTemplate: (uriTemplate) => routed(view.routeResourceTemplate(uriTemplate)),
    explainMiss(kind, name): NameMiss {
      const miss = view.explainMiss(kind, name);
      if (miss.why === 'unknown' || !serverIn(miss.serverId) || (kind === 'tool' && !nameIn(name))) return { why: 'unknown' };
      return miss;
    },
    advertiseUri: (serverId, uri) => view.advertiseUri(serverId, uri),
  };
}

function keyOf(route: NameRoute): string {
  return `${route.serverId}\0${route.name}`;
}

function matchesAny(value: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(value));
}
