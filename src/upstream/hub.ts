/**
 * The upstream hub: one SDK `Server` per host session (one for stdio, one per HTTP session),
 * all reading the same registry view and routing through the same router.
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Implementation, ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from '../log.js';
import type { HandlerContext } from './handlers.js';
import { registerHandlers } from './handlers.js';

export interface HubOptions extends HandlerContext {
  info: Implementation;
  logger: Logger;
  instructions?: string;
}

/** Which merged lists changed since the last announcement. */
export interface ListChanges {
  tools: boolean;
  prompts: boolean;
  resources: boolean;
}

/**
 * What the gateway advertises. Decided before any host connects (the SDK fixes capabilities at
 * `connect()`), so every list kind is on, each with `listChanged`: the gateway emits those itself
 * whenever the merged view changes.
 */
export const UPSTREAM_CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  prompts: { listChanged: true },
  resources: { listChanged: true },
};

export class UpstreamHub {
  readonly #sessions = new Set<Server>();

  constructor(private readonly options: HubOptions) {}

  /** A new `Server` for one host session, ready to `connect()` to its transport. */
  createSession(): Server {
    const { info, instructions } = this.options;
    const server = new Server(info, { capabilities: UPSTREAM_CAPABILITIES, ...(instructions ? { instructions } : {}) });
    registerHandlers(server, this.options);
    this.#sessions.add(server);
    server.onclose = () => this.#sessions.delete(server);
    server.onerror = (error) => this.options.logger.debug('upstream session error', { error: error.message });
    return server;
  }

  get sessionCount(): number {
    return this.#sessions.size;
  }

  /** Sends `list_changed` for each changed kind to every live session. */
  announce(changes: ListChanges): void {
    for (const server of this.#sessions) {
      if (!server.transport) continue;
      if (changes.tools) void server.sendToolListChanged().catch(() => {});
      if (changes.prompts) void server.sendPromptListChanged().catch(() => {});
      if (changes.resources) void server.sendResourceListChanged().catch(() => {});
    }
  }

  async close(): Promise<void> {
    const sessions = [...this.#sessions];
    this.#sessions.clear();
    await Promise.allSettled(sessions.map((server) => server.close()));
  }
}
