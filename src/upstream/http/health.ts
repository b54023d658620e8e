/**
 * What `/healthz` (anyone) and `/status` (authenticated) say. Health is one word and nothing
 * else: no server names, counts, versions or errors leave the gateway without a token.
 */
import type { ToolAccount } from '../../registry/index.js';

/** The facts `/status` reports per server (a subset of the pool's connection status). */
export interface ServerState {
  serverId: string;
  state: string;
  tools: number;
  prompts?: number;
  resources?: number;
  lastError?: string;
  /** What the server lists, what hosts see, and why each other tool is not offered. */
  toolAccount?: ToolAccount;
}

/**
 * `ready`: every server is ready (or there are none); `starting`: startup has not settled and
 * some server is still on its way; `degraded`: anything else (a server failed, stopped or is
 * reconnecting). The gateway serves in every case.
 */
export type Health = 'ready' | 'degraded' | 'starting';

export function healthOf(servers: readonly ServerState[], startupSettled: boolean): Health {
  // An asleep server (lazy start, idle stop) is served from its snapshot and starts on demand.
  if (servers.every((s) => s.state === 'ready' || s.state === 'asleep')) return 'ready';
  if (!startupSettled && servers.some((s) => s.state === 'idle' || s.state === 'connecting')) return 'starting';
  return 'degraded';
}

/** `/healthz` body: `{ status }` only. 200 while serving, 503 before startup settles with nothing ready. */
export function healthzBody(health: Health): { status: Health } {
  return { status: health };
}

export interface StatusReport {
  status: Health;
  sessions: number;
  servers: ServerState[];
}

/** `/status` body: per-server states for an authenticated caller (errors are already redacted by the pool). */
export function statusReport(servers: readonly ServerState[], health: Health, sessions: number): StatusReport {
  return {
    status: health,
    sessions,
    servers: servers.map(({ serverId, state, tools, prompts, resources, lastError, toolAccount }) => ({
      serverId,
      state,
      tools,
      ...(toolAccount !== undefined && { toolAccount }),
      ...(prompts !== undefined && { prompts }),
      ...(resources !== undefined && { resources }),
      ...(lastError !== undefined && { lastError }),
    })),
  };
}
