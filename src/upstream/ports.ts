/**
 * What the upstream room needs from the rest of the gateway, stated narrowly so that
 * upstream/ never imports downstream/ (the composition root plugs the pool in).
 */
import type { RegistryView } from '../registry/types.js';

export interface RouteOptions {
  /** Aborted when the host cancels the request or goes away. */
  signal?: AbortSignal;
  /** Called for every progress notification the owning server sends for this request. */
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

/** Sends one request to the server that owns it and returns its raw result. */
export interface Router {
  request(serverId: string, method: string, params: Record<string, unknown> | undefined, options: RouteOptions): Promise<Record<string, unknown>>;
}

/** The merged view as it is right now (it is replaced, never mutated, when servers change). */
export type ViewSource = () => RegistryView;
