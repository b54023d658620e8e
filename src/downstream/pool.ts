/**
 * The pool: one `DownstreamConnection` per enabled catalog entry, started in parallel, its
 * connections' events re-emitted with the server id.
 */
import { EventEmitter } from 'eventemitter3';
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { unavailableError } from './failures.js';
import { DownstreamConnection } from './connection.js';
import type { LooseResult } from './lists.js';
import type { ConnectionStatus, PoolEvents, PoolOptions, RelayOptions, ServerSnapshot } from './types.js';
import { signalGroup } from './terminate.js';

export class DownstreamPool extends EventEmitter<PoolEvents> {
  private readonly connections = new Map<string, DownstreamConnection>();

  /** `logger` is used as given (scope it in the caller); each connection adds its server id. */
  constructor(
    entries: readonly ServerEntry[],
    private readonly options: PoolOptions,
    private readonly logger: Logger,
  ) {
    super();
    for (const entry of entries) if (entry.enabled) this.connect(entry);
  }

  /** Adds a server and starts it (hot reload); resolves when it is ready or failed. */
  async add(entry: ServerEntry): Promise<void> {
    await this.connect(entry).start();
  }

  /** Stops a server and forgets it; its calls in flight fail, its items leave the merged view. */
  async remove(id: string): Promise<void> {
    const connection = this.connections.get(id);
    if (!connection) return;
    this.connections.delete(id);
    await connection.stop();
    connection.removeAllListeners();
    this.emit('lists', id);
  }

  /** Restarts a server with a new entry (its connection changed in the catalog). */
  async replace(entry: ServerEntry): Promise<void> {
    await this.remove(entry.id);
    await this.add(entry);
  }

  private connect(entry: ServerEntry): DownstreamConnection {
    if (this.connections.has(entry.id)) throw new Error(`duplicate server id "${entry.id}"`);
    const connection = new DownstreamConnection(entry, this.options, this.logger);
    connection.on('lists', () => this.emit('lists', entry.id));
    connection.on('state', (state, previous) => this.emit('state', entry.id, state, previous));
    connection.on('notification', (notification) => this.emit('notification', entry.id, notification));
    this.connections.set(entry.id, connection);
    return connection;
  }

  /** Ids of the enabled servers, in catalog order. */
  ids(): string[] {
    return [...this.connections.keys()];
  }

  /**
   * Start every connection at once. Resolves when all have settled (ready or failed); do not wait
   * for it before serving: ready servers are usable (and announced with `lists`) as they arrive.
   */
  async start(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.start()));
  }

  /** Stop every connection at once; resolves when all children are gone. */
  async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.stop()));
  }

  get(id: string): DownstreamConnection | undefined {
    return this.connections.get(id);
  }

  ready(id: string): boolean {
    return this.connections.get(id)?.state === 'ready';
  }

  /** Snapshots of the ready servers, in catalog order. */
  snapshots(): ServerSnapshot[] {
    const out: ServerSnapshot[] = [];
    for (const connection of this.connections.values()) {
      const snapshot = connection.snapshot();
      if (snapshot) out.push(snapshot);
    }
    return out;
  }

  statuses(): ConnectionStatus[] {
    return [...this.connections.values()].map((connection) => connection.status());
  }

  /**
   * Last resort when the gateway process is going down uncleanly (an uncaught error): SIGKILL the
   * process group of every child still running, synchronously, so nothing is orphaned. Only pids
   * of children not yet reaped are signalled (a reaped pid could belong to someone else by now).
   */
  killNow(): void {
    for (const { pid } of this.statuses()) if (pid !== undefined) signalGroup(pid, 'SIGKILL');
  }

  /** Relay a request to `serverId`; see `DownstreamConnection.request`. */
  async request(serverId: string, method: string, params: Record<string, unknown> | undefined, opts: RelayOptions = {}): Promise<LooseResult> {
    const connection = this.connections.get(serverId);
    if (!connection) throw unavailableError(serverId, 'unknown', 'no such server in the catalog');
    return connection.request(method, params, opts);
  }

  /** Send a notification to every ready server (e.g. `notifications/roots/list_changed`). */
  async notifyAll(method: string, params?: Record<string, unknown>): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.notify(method, params).catch(() => undefined)));
  }
}
