/**
 * What the upstream room needs from the rest of the gateway, stated narrowly so that
 * upstream/ never imports downstream/ (the composition root plugs the pool in).
 */
import type { Server, ServerCapabilities } from '@modelcontextprotocol/server';
import type { RegistryView } from '../registry/types.js';
import type { SessionContext } from './session.js';

export interface RouteOptions {
  /** Aborted when the host cancels the request or goes away. */
  signal?: AbortSignal;
  /** Called for every progress notification the owning server sends for this request. */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
  /** A 2026-07-28 server's `input_required` is the result, for the host to answer itself (instead of the gateway's client answering it). */
  allowInputRequired?: boolean;
}

/** One server requests can be routed to: a downstream server, or the gateway's built-in one. */
export interface RouteTarget {
  request(method: string, params: Record<string, unknown> | undefined, options: RouteOptions): Promise<Record<string, unknown>>;
}

/** One host's session: an SDK `Server` not yet connected to its transport. */
export type UpstreamSession = Server;

/** What hosting (stdio, HTTP) needs from the gateway: a fresh session per host connection. */
export interface SessionFactory {
  createSession(context?: SessionContext): UpstreamSession;
  /** Calls `listener` with every change of a view's lists (`profile` undefined: the default view); returns the function that stops it. */
  onListChanged?(listener: (changes: ListChanges, profile: string | undefined) => void): () => void;
  /** Updates of advertised resource URIs (of `profile`'s view) for a 2026-07-28 listen stream, until the returned function is called. */
  watchResources?(uris: readonly string[], deliver: (params: { uri: string } & Record<string, unknown>) => void, profile?: string): () => void;
  /** The catalog's profile names now (hosting serves `/mcp/<profile>` for each). */
  profileNames?(): readonly string[];
}

/** The downstream servers as the upstream sees them. */
export interface Router {
  /** Sends one request to the server that owns it and returns its raw result. */
  request(serverId: string, method: string, params: Record<string, unknown> | undefined, options: RouteOptions): Promise<Record<string, unknown>>;
  /** Sends a notification to every connected server. */
  notifyAll(method: string, params?: Record<string, unknown>): Promise<void>;
  /** What a connected (or asleep: its snapshot's) server advertised; undefined while it is neither. */
  capabilities(serverId: string): ServerCapabilities | undefined;
  /** Ids of the servers requests reach: connected, or asleep (started by the first request that needs them). */
  connected(): string[];
  /** Whether a connected server speaks 2026-07-28 (its own `requestState` and `input_required` go through as they are). */
  modern(serverId: string): boolean;
  /** True while some enabled server has not finished starting (its capabilities are unknown). */
  starting(): boolean;
}

/** Which merged lists changed. */
export interface ListChanges {
  tools: boolean;
  prompts: boolean;
  resources: boolean;
}

/** The merged view as it is right now (it is replaced, never mutated, when servers change). */
export type ViewSource = () => RegistryView;

/** One tool the search tool found: its advertised name, its server, how well it matched. */
export interface ToolHit {
  name: string;
  server: string;
  score: number;
}

/** How a view's tools reach its sessions (see `settings.tools.mode`). */
export type ToolListing =
  | { mode: 'all' }
  | {
      mode: 'search';
      /** Tools one session may promote into its list (least recently used out); 0 = none. */
      promote: number;
      /** The search tool's description: what is behind it (servers, what they are for, how many tools). */
      description: string;
      /** The view's tools best matching `query`, best first (the index is built once per view). */
      search(query: string, limit: number): readonly ToolHit[];
    };

/** What the sessions of one profile (or of the default view) are served. */
export interface ServedView {
  view: RegistryView;
  tools: ToolListing;
}

/** The views the gateway serves: the default one, and one per profile of the catalog. */
export interface ViewSources {
  /** The view of `profile` (undefined: the default view); undefined when the catalog has no such profile (now). */
  served(profile: string | undefined): ServedView | undefined;
  /** The catalog's profile names, in catalog order. */
  profiles(): readonly string[];
}
