/**
 * The composition root: catalog → downstream pool → registry view → upstream hub.
 * It owns start and stop order and the one piece of glue between the rooms: rebuilding the
 * merged view when a server's lists change, and announcing what changed upward.
 */
import type { Catalog } from './config/schema.js';
import { DownstreamPool } from './downstream/pool.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';
import { buildRegistry, diffViews } from './registry/index.js';
import type { RegistryView, RegistryWarning, ServerNaming } from './registry/types.js';
import { UpstreamHub } from './upstream/hub.js';
import { VERSION } from './version.js';

export interface GatewayOptions {
  logger?: Logger;
  /** How long to gather list changes before rebuilding the view and announcing them. @default 25 */
  debounceMs?: number;
}

export class Gateway {
  readonly pool: DownstreamPool;
  readonly hub: UpstreamHub;
  readonly #logger: Logger;
  readonly #naming: ServerNaming[];
  readonly #debounceMs: number;
  readonly #warned = new Set<string>();
  #view: RegistryView;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(
    readonly catalog: Catalog,
    options: GatewayOptions = {},
  ) {
    this.#logger = options.logger ?? silentLogger;
    this.#debounceMs = options.debounceMs ?? 25;
    const enabled = catalog.servers.filter((server) => server.enabled);
    this.#naming = enabled.map((server) => ({ serverId: server.id, prefix: server.prefix ?? server.id }));
    this.pool = new DownstreamPool(enabled, { clientInfo: { name: 'mcp-switchboard', version: VERSION } }, this.#logger.child('pool'));
    this.#view = this.#build();
    this.hub = new UpstreamHub({
      info: { name: 'mcp-switchboard', version: VERSION },
      logger: this.#logger.child('upstream'),
      view: () => this.#view,
      router: this.pool,
      ownerByPrefix: (name) => this.#ownerByPrefix(name),
    });
    this.pool.on('lists', () => this.#scheduleRebuild());
  }

  /** The merged view hosts see right now. */
  get view(): RegistryView {
    return this.#view;
  }

  /**
   * Starts every server in parallel. Hosts are served at once with whatever is ready; the
   * returned promise settles when every server is ready or failed (useful for `list`, tests).
   */
  async start(): Promise<void> {
    await this.pool.start();
    this.#rebuildNow();
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.hub.close();
    await this.pool.stop();
  }

  #scheduleRebuild(): void {
    if (this.#stopped || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#rebuildNow();
    }, this.#debounceMs);
  }

  #rebuildNow(): void {
    const previous = this.#view;
    this.#view = this.#build();
    const changes = diffViews(previous, this.#view);
    if (changes.tools || changes.prompts || changes.resources) this.hub.announce(changes);
  }

  #build(): RegistryView {
    const view = buildRegistry({
      naming: { separator: this.catalog.settings.separator, nameBudget: this.catalog.settings.nameBudget },
      servers: this.#naming,
      snapshots: this.pool.snapshots(),
    });
    for (const warning of view.warnings) this.#warnOnce(warning);
    return view;
  }

  #warnOnce(warning: RegistryWarning): void {
    if (this.#warned.has(warning.message)) return;
    this.#warned.add(warning.message);
    this.#logger.warn(warning.message, { server: warning.serverId });
  }

  #ownerByPrefix(name: string): string | undefined {
    const { separator } = this.catalog.settings;
    return this.#naming.find(({ prefix }) => prefix !== false && name.startsWith(`${prefix}${separator}`))?.serverId;
  }
}
