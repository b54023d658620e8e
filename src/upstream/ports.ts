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
  /** Calls `listener` with every change of the merged lists; returns the function that stops it. */
  onListChanged?(listener: (changes: ListChanges) => void): () => void;
  /** Updates of advertised resource URIs for a 2026-07-28 listen stream, until the returned function is called. */
  watchResources?(uris: readonly string[], deliver: (params: { uri: string } & Record<string, unknown>) => void): () => void;
}

/** The downstream servers as the upstream sees them. */
export interface Router {
  /** Sends one request to the server that owns it and returns its raw result. */
  request(serverId: string, method: string, params: Record<string, unknown> | undefined, options: RouteOptions): Promise<Record<string, unknown>>;
  /** Sends a notification to every connected server. */
  notifyAll(method: string, params?: Record<string, unknown>): Promise<void>;
  /** What a connected server advertised; undefined while it is not connected. */
  capabilities(serverId: string): ServerCapabilities | undefined;
  /** Ids of the connected servers. */
  connected(): string[];
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
