/**
 * The gateway's pin keeper: it runs every server snapshot through the pinning policy before the
 * registry sees it, keeps the pins in memory and in the state file, logs each alert once, and
 * notices approvals written by another process (`mcp-switchboard approve`) by watching the file
 * (`watchFileChanges`: change events, and a poll for filesystems without them).
 */
import PQueue from 'p-queue';
import type { Catalog, PinPolicy } from '../config/schema.js';
import type { Logger } from '../log.js';
import type { ServerSnapshot } from '../registry/types.js';
import { exceedsDepth, MAX_DEFINITION_DEPTH } from '../shared/depth.js';
import { watchFileChanges } from '../shared/file-changes.js';
import { alertText, heldMessage, pinStateFile } from './messages.js';
import { decide } from './policy.js';
import type { Pin, PinAlert } from './policy.js';
import { loadPinFile, setPin, updatePinFile } from './state-file.js';
import type { PinTable } from './state-file.js';

export interface PinGuardOptions {
  /**
   * The catalog being served, read on every use: a reload may change the policy and the names.
   * The state file's location is taken once, at construction.
   */
  catalog: () => Pick<Catalog, 'file' | 'settings'>;
  logger: Logger;
  /** The pins changed outside this process (an approval): the view should be rebuilt. */
  onChange?: () => void;
  /** How often the state file is also polled (for filesystems without change events), in ms; 0 = not watched. @default 1000 */
  watchInterval?: number;
  /** The clock (tests). @default () => new Date() */
  now?: () => Date;
}

interface Recorded {
  serverId: string;
  tool: string;
  /** Undefined: the pin was forgotten (see {@link MAX_UNLISTED_PINS}). */
  pin: Pin | undefined;
}

/**
 * Pins a server keeps for tools it no longer lists, newest first: a tool that comes back within
 * this history is still compared with its pin, and a server that renames its tools in a loop
 * cannot grow the state file (or the memory) without bound.
 */
export const MAX_UNLISTED_PINS = 100;

export class PinGuard {
  /** Where pins are kept; undefined: in memory only (a catalog without a file). */
  readonly file: string | undefined;
  readonly #catalog: PinGuardOptions['catalog'];
  readonly #log: Logger;
  /** `serverId\0tool` of every tool already warned about as too deep, so a relist does not repeat it. */
  readonly #deepWarned = new Set<string>();
  readonly #onChange: () => void;
  readonly #now: () => Date;
  #table: PinTable;
  /** Pins recorded here and not yet written. */
  readonly #dirty = new Map<string, Recorded>();
  readonly #alerts = new Map<string, PinAlert[]>();
  readonly #raw = new Map<string, ServerSnapshot>();
  readonly #logged = new Set<string>();
  /** Writes of the state file, one at a time, in order. */
  readonly #saves = new PQueue({ concurrency: 1 });
  #saveQueued = false;
  #stopWatching: (() => void) | undefined;

  constructor(options: PinGuardOptions) {
    this.#catalog = options.catalog;
    this.file = pinStateFile(options.catalog());
    this.#log = options.logger;
    this.#onChange = options.onChange ?? (() => {});
    this.#now = options.now ?? (() => new Date());
    this.#table = this.#load();
    const interval = options.watchInterval ?? 1000;
    if (this.file !== undefined && interval > 0) this.#stopWatching = watchFileChanges(this.file, () => void this.reload(), { pollMs: interval });
  }

  /** What happens to a changed tool: `settings.pinning.policy` of the catalog being served. */
  get policy(): PinPolicy {
    return this.#catalog().settings.pinning.policy;
  }

  /** `snapshot` as the registry should see it: changed tools removed under policy `hold`. Records first sightings. */
  apply(listed: ServerSnapshot): ServerSnapshot {
    const snapshot = this.#withoutTooDeep(listed);
    const { serverId } = snapshot;
    const decision = decide(snapshot, (tool) => this.#table.get(serverId)?.get(tool), this.policy, this.#now().toISOString());
    for (const { tool, pin } of decision.record) {
      setPin(this.#table, serverId, tool, pin);
      this.#dirty.set(`${serverId}\0${tool}`, { serverId, tool, pin });
      if (pin.source === 'allowed') this.#log.debug(`tool "${tool}" of server "${serverId}" changed; pinned its new definition (pinning policy allow)`);
    }
    const firstSight = decision.record.filter(({ pin }) => pin.source === 'first-sight').length;
    if (firstSight > 0) this.#log.debug(`pinned ${firstSight} tool(s) of server "${serverId}" on first sight`);
    this.#raw.set(serverId, snapshot);
    if (decision.alerts.length > 0) this.#alerts.set(serverId, decision.alerts);
    else this.#alerts.delete(serverId);
    for (const alert of decision.alerts) this.#logOnce(alert);
    const forgotten = this.#forgetUnlisted(snapshot);
    if (decision.record.length > 0 || forgotten > 0) this.#queueSave();
    return decision.snapshot;
  }

  /** Drops the oldest pins of tools `snapshot` does not list, past {@link MAX_UNLISTED_PINS}. Returns how many. */
  #forgetUnlisted(snapshot: ServerSnapshot): number {
    const pins = this.#table.get(snapshot.serverId);
    if (!pins || pins.size - snapshot.tools.length <= MAX_UNLISTED_PINS) return 0;
    const listed = new Set(snapshot.tools.map((tool) => tool.name));
    const unlisted = [...pins].filter(([tool]) => !listed.has(tool)).sort(([, a], [, b]) => b.pinnedAt.localeCompare(a.pinnedAt));
    const drop = unlisted.slice(MAX_UNLISTED_PINS);
    for (const [tool] of drop) {
      pins.delete(tool);
      this.#dirty.set(`${snapshot.serverId}\0${tool}`, { serverId: snapshot.serverId, tool, pin: undefined });
    }
    return drop.length;
  }

  /**
   * `snapshot` without the tools nested deeper than {@link MAX_DEFINITION_DEPTH}: hashing or diffing
   * them would overflow the stack and take every server down. Each refused tool is warned about once.
   */
  #withoutTooDeep(snapshot: ServerSnapshot): ServerSnapshot {
    const tools = snapshot.tools.filter((tool) => !exceedsDepth(tool, MAX_DEFINITION_DEPTH));
    if (tools.length === snapshot.tools.length) return snapshot;
    for (const tool of snapshot.tools) {
      if (tools.includes(tool)) continue;
      const key = `${snapshot.serverId}\0${tool.name}`;
      if (this.#deepWarned.has(key)) continue;
      if (this.#deepWarned.size >= 1_000) this.#deepWarned.clear();
      this.#deepWarned.add(key);
      this.#log.warn(
        `server "${snapshot.serverId}": tool "${String(tool.name).slice(0, 128)}" refused: its definition nests deeper than ${MAX_DEFINITION_DEPTH} levels; the server's other tools are served`,
      );
    }
    return { ...snapshot, tools };
  }

  /** Every tool that differs from its pin right now, by server then tool. */
  alerts(): PinAlert[] {
    return [...this.#alerts.values()].flat().sort((a, b) => a.serverId.localeCompare(b.serverId) || a.tool.localeCompare(b.tool));
  }

  /** Why `tool` of `serverId` is held back, with the command that approves it; undefined when it is not held. */
  heldMessage(serverId: string, tool: string): string | undefined {
    const alert = this.#alerts.get(serverId)?.find((a) => a.tool === tool && a.action === 'held');
    return alert ? heldMessage(alert, this.#catalog().file) : undefined;
  }

  /**
   * Re-reads the state file (an approval may have changed it) and calls `onChange` when any pin
   * differs from what this gateway holds. Pins recorded here and not yet written are kept.
   */
  async reload(): Promise<void> {
    if (this.file === undefined) return;
    await this.#saves.onIdle();
    const next = this.#load();
    for (const { serverId, tool, pin } of this.#dirty.values()) putPin(next, serverId, tool, pin);
    if (sameDigests(this.#table, next)) return;
    this.#table = next;
    for (const [serverId, list] of this.#alerts) {
      const still = list.filter((alert) => next.get(serverId)?.get(alert.tool)?.digest !== alert.digest);
      if (still.length > 0) this.#alerts.set(serverId, still);
      else this.#alerts.delete(serverId);
    }
    this.#log.info(`pins changed in ${this.file}; re-checking every server's tools`);
    this.#onChange();
  }

  /** Resolves once every pin recorded so far is written (or failed to be). */
  async flush(): Promise<void> {
    await this.#saves.onIdle();
  }

  /** Stops watching the state file and writes what is pending. */
  async close(): Promise<void> {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    await this.flush();
  }

  #load(): PinTable {
    if (this.file === undefined) return new Map();
    const loaded = loadPinFile(this.file);
    if (loaded.warning !== undefined) this.#log.warn(loaded.warning);
    return loaded.table;
  }

  #logOnce(alert: PinAlert): void {
    const key = `${alert.serverId}\0${alert.tool}\0${alert.digest}\0${alert.action}`;
    if (this.#logged.has(key)) return;
    if (this.#logged.size >= 1_000) this.#logged.clear();
    this.#logged.add(key);
    this.#log.warn(`server "${alert.serverId}": ${alertText(alert, this.#catalog().file, '    ')}`);
  }

  #queueSave(): void {
    const file = this.file;
    if (file === undefined || this.#saveQueued) return;
    this.#saveQueued = true;
    void this.#saves.add(async () => {
      this.#saveQueued = false;
      const entries = [...this.#dirty.values()];
      this.#dirty.clear();
      try {
        const loaded = await updatePinFile(file, (table) => {
          for (const { serverId, tool, pin } of entries) putPin(table, serverId, tool, pin);
        });
        if (loaded.warning !== undefined) this.#log.warn(loaded.warning);
      } catch (error) {
        // Kept for the next write, unless a newer pin of the same tool is already waiting.
        for (const entry of entries) {
          const key = `${entry.serverId}\0${entry.tool}`;
          if (!this.#dirty.has(key)) this.#dirty.set(key, entry);
        }
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        this.#log.error(`cannot write the pin state file ${file} (${code}); pins are kept in memory for now`);
      }
    });
  }
}

function sameDigests(a: PinTable, b: PinTable): boolean {
  const flat = (table: PinTable) =>
    [...table]
      .flatMap(([serverId, pins]) => [...pins].map(([tool, pin]) => `${serverId}\0${tool}\0${pin.digest}`))
      .sort()
      .join('\n');
  return flat(a) === flat(b);
}

/** Sets a pin, or forgets it when `pin` is undefined. */
function putPin(table: PinTable, serverId: string, tool: string, pin: Pin | undefined): void {
  if (pin !== undefined) setPin(table, serverId, tool, pin);
  else table.get(serverId)?.delete(tool);
}
