/**
 * Re-listing after `notifications/<x>/list_changed`: bursts coalesce into one pass, passes never
 * overlap, and the owner hears about it only when a list actually changed.
 */
import type { Client } from '@modelcontextprotocol/client';
import type { Logger } from '../log.js';
import { drainList, listKindsFor, listKindsForNotification, sameItems, setList, type ListKind, type ServerLists } from './lists.js';

export interface ListRefresherOptions {
  /** The live client, or undefined while the connection is not ready (refreshing then waits for `kick`). */
  client: () => Client | undefined;
  /** The lists to compare against and update in place. */
  lists: () => ServerLists;
  /** Called after a pass that changed at least one list. */
  onChanged: () => void;
  /** Deadline of each page request, in ms. */
  timeout: number;
  logger: Logger;
  /** The live connection's tool filter, if it has one. */
  filterTools?: () => ((tools: unknown[]) => unknown[]) | undefined;
  /** Notifications within this many ms of the first cause one pass. @default 10 */
  coalesceMs?: number;
}

export class ListRefresher {
  private readonly dirty = new Set<ListKind>();
  private running: Promise<void> | undefined;

  constructor(private readonly options: ListRefresherOptions) {}

  /** A `list_changed` notification arrived. */
  notify(method: string): void {
    for (const kind of listKindsForNotification(method)) this.dirty.add(kind);
    this.kick();
  }

  /** Run a pass if anything is pending and the connection is ready (call after reaching ready). */
  kick(): void {
    if (this.running || this.dirty.size === 0 || !this.options.client()) return;
    this.running = this.pass().finally(() => {
      this.running = undefined;
      this.kick();
    });
  }

  /** Forget pending work (a fresh connection lists everything anyway). */
  reset(): void {
    this.dirty.clear();
  }

  private async pass(): Promise<void> {
    await delay(this.options.coalesceMs ?? 10);
    const client = this.options.client();
    if (!client) return;
    const advertised = listKindsFor(client.getServerCapabilities());
    const kinds = [...this.dirty].filter((kind) => advertised.includes(kind));
    this.dirty.clear();
    let changed = false;
    for (const kind of kinds) {
      try {
        const filterTools = this.options.filterTools?.();
        const items = await drainList(client, kind, { timeout: this.options.timeout, logger: this.options.logger, ...(filterTools ? { filterTools } : {}) });
        if (this.options.client() !== client) return;
        const lists = this.options.lists();
        if (!sameItems(lists[kind], items)) {
          setList(lists, kind, items);
          changed = true;
        }
      } catch (error) {
        this.options.logger.warn(`re-listing ${kind} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (changed && this.options.client() === client) this.options.onChanged();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
