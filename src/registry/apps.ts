/**
 * MCP Apps (the `io.modelcontextprotocol/ui` extension) through the gateway. A tool names its UI
 * with a `ui://` resource URI in `_meta.ui.resourceUri` (and, in older servers, the flat
 * `_meta["ui/resourceUri"]`); the host reads that resource and renders it, and the UI calls the
 * server's tools by the names it knows, which carry no prefix.
 *
 * So the view does two things here: a tool's UI references are put in advertised form (the UI
 * resource is advertised as `ui://<prefix>+<authority>/…`, see uris.ts), and a tool call under a
 * name nobody advertises is routed as an app's call when exactly one server with UI resources has
 * a tool of that original name on offer. Everything else in `_meta.ui` (CSP, permissions,
 * visibility) passes unchanged.
 */
import type { NameRoute } from './types.js';

type UriMapper = (uri: string) => string;

/** Where a tool's `_meta` names its UI resource. */
const FLAT_KEY = 'ui/resourceUri';

/** `tool` with the `ui://` URIs of its `_meta` mapped; the same object when it has none. */
export function advertiseToolUi<T extends { _meta?: Record<string, unknown> | undefined }>(tool: T, map: UriMapper): T {
  const meta = tool._meta;
  if (!meta) return tool;
  const ui = meta.ui as Record<string, unknown> | undefined;
  const nested = typeof ui?.resourceUri === 'string' ? ui.resourceUri : undefined;
  const flat = typeof meta[FLAT_KEY] === 'string' ? meta[FLAT_KEY] : undefined;
  if (nested === undefined && flat === undefined) return tool;
  return {
    ...tool,
    _meta: {
      ...meta,
      ...(nested !== undefined && { ui: { ...ui, resourceUri: map(nested) } }),
      ...(flat !== undefined && { [FLAT_KEY]: map(flat) }),
    },
  };
}

/** One advertised tool, by the server it belongs to and the name it has there. */
export interface AppToolCandidate {
  serverId: string;
  original: string;
}

/**
 * The route of an app's call to `name` (a server-side name): the one advertised tool of that
 * original name among servers that offer UI resources; undefined when none or several have one.
 */
export function routeAppCall(name: string, tools: readonly AppToolCandidate[], serversWithUi: ReadonlySet<string>): NameRoute | undefined {
  const matches = tools.filter((tool) => tool.original === name && serversWithUi.has(tool.serverId));
  const [only] = matches;
  return matches.length === 1 && only ? { serverId: only.serverId, name: only.original } : undefined;
}

/**
 * Whether a resource of a server is shown as far as MCP Apps go: a `ui://` resource that some of
 * the server's listed tools name is shown only while one of its offered tools names it (so a tool
 * hidden by shaping takes its UI with it); every other resource is shown.
 */
export function uiVisibility(
  servers: readonly { serverId: string; snapshot: { tools: readonly { _meta?: Record<string, unknown> | undefined }[] } }[],
  offered: readonly { serverId: string; item: { _meta?: Record<string, unknown> | undefined } }[],
): (serverId: string, uri: string) => boolean {
  const named = new Set(servers.flatMap(({ serverId, snapshot }) => snapshot.tools.flatMap((tool) => uiUrisOf(tool).map((uri) => `${serverId}\u0000${uri}`))));
  const kept = new Set(offered.flatMap(({ serverId, item }) => uiUrisOf(item).map((uri) => `${serverId}\u0000${uri}`)));
  return (serverId, uri) => {
    const key = `${serverId}\u0000${uri}`;
    return !uri.startsWith('ui://') || !named.has(key) || kept.has(key);
  };
}

function uiUrisOf(tool: { _meta?: Record<string, unknown> | undefined }): string[] {
  const ui = tool._meta?.ui as Record<string, unknown> | undefined;
  return [ui?.resourceUri, tool._meta?.[FLAT_KEY]].filter((uri): uri is string => typeof uri === 'string');
}
