/** Plain-object builders for registry tests. */
import type { Prompt, Resource, ResourceTemplateType, Tool } from '@modelcontextprotocol/server';
import type { NamingOptions, RegistryInput, ServerNaming, ServerSnapshot } from '../../../src/registry/types.js';

export const naming: NamingOptions = { separator: '__', nameBudget: 64 };

export function tool(name: string, extra: Partial<Tool> = {}): Tool {
  return { name, inputSchema: { type: 'object' }, ...extra };
}

export function prompt(name: string, extra: Partial<Prompt> = {}): Prompt {
  return { name, ...extra };
}

export function resource(uri: string, extra: Partial<Resource> = {}): Resource {
  return { uri, name: uri, ...extra };
}

export function template(uriTemplate: string, extra: Partial<ResourceTemplateType> = {}): ResourceTemplateType {
  return { uriTemplate, name: uriTemplate, ...extra };
}

export function snapshot(serverId: string, parts: Partial<Omit<ServerSnapshot, 'serverId'>> = {}): ServerSnapshot {
  return { serverId, tools: [], prompts: [], resources: [], resourceTemplates: [], ...parts };
}

/** An input where every server has a snapshot; `prefix` defaults to the server id. */
export function input(entries: Array<[ServerSnapshot, (string | false)?]>, options: Partial<NamingOptions> = {}): RegistryInput {
  const servers: ServerNaming[] = entries.map(([s, prefix]) => ({
    serverId: s.serverId,
    prefix: prefix === undefined ? s.serverId : prefix,
  }));
  return { naming: { ...naming, ...options }, servers, snapshots: entries.map(([s]) => s) };
}

/** advertised tool name → "serverId/original" of a view, for compact assertions. */
export function toolTable(view: { tools: readonly Tool[]; routeTool(name: string): { serverId: string; name: string } | undefined }): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of view.tools) {
    const route = view.routeTool(t.name);
    out[t.name] = route ? `${route.serverId}/${route.name}` : '?';
  }
  return out;
}
