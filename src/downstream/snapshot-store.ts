/**
 * Snapshots kept between runs for servers that may sleep (`start: lazy`, or an `idleTimeout`), so
 * a lazy server is advertised without being started: one JSON file, `.switchboard/snapshots.json`
 * next to the catalog (beside the pins and the era verdicts), one entry per server id holding what
 * it listed (tools, prompts, resources, templates), its capabilities, when, and a fingerprint of
 * how it is reached (see `fingerprintOf`); another fingerprint means the catalog entry changed, and
 * the server is started once to learn its lists again.
 *
 * The file is server data: every entry is checked on load (shape, depth, size) and a bad one is
 * dropped with a warning; a corrupt file is an empty one (the worst case is a start). Writes are
 * atomic (temp file + rename, mode 0600), one at a time, read-modify-write so two gateways on one
 * catalog keep each other's entries, bounded per server and in total. A snapshot that holds a
 * value the catalog marks secret is never written.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServerCapabilities } from '@modelcontextprotocol/client';
import PQueue from 'p-queue';
import { SERVER_ID_PATTERN, type ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { redact } from '../redact.js';
import { exceedsDepth, MAX_DEFINITION_DEPTH } from '../shared/depth.js';
import type { ServerLists } from './lists.js';

const VERSION = 1;
/** Servers kept; past this the oldest snapshots go. */
const MAX_SNAPSHOTS = 200;
/** Largest snapshot of one server, serialized; a bigger one is not kept (the server is started to learn). */
export const MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024;
/** Largest file read or written; past this the oldest snapshots go. */
const MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface StoredSnapshot {
  /** `fingerprintOf` the entry it was taken from. */
  fingerprint: string;
  /** When it was taken, ms since the epoch. */
  at: number;
  capabilities: ServerCapabilities;
  lists: ServerLists;
}

/** `.switchboard/snapshots.json` in the catalog's folder; undefined for a catalog not read from a file. */
export function snapshotsFileOf(catalogFile: string | undefined): string | undefined {
  return catalogFile === undefined ? undefined : join(dirname(catalogFile), '.switchboard', 'snapshots.json');
}

/**
 * What decides a server's lists, as far as the catalog says: command, args, folder and env (stdio),
 * or URL, transport and header names (remote). Secret values are redacted before hashing, so the
 * digest says nothing about them (a changed token alone does not invalidate a snapshot).
 */
export function fingerprintOf(entry: ServerEntry): string {
  const identity =
    entry.kind === 'stdio'
      ? ['stdio', entry.command, entry.args, entry.cwd ?? '', Object.entries(entry.env).sort(([a], [b]) => a.localeCompare(b))]
      : ['remote', entry.url, entry.transport, Object.keys(entry.headers).sort()];
  return createHash('sha256')
    .update(redact(JSON.stringify(identity)))
    .digest('base64url')
    .slice(0, 22);
}

export class SnapshotStore {
  readonly #snapshots: Map<string, StoredSnapshot>;
  /** Changes made here and not yet written: id → snapshot, or undefined for a forgotten one. */
  readonly #dirty = new Map<string, StoredSnapshot | undefined>();
  readonly #writes = new PQueue({ concurrency: 1 });
  #writeQueued = false;
  readonly #warned = new Set<string>();

  constructor(
    readonly file: string | undefined,
    private readonly logger: Logger,
  ) {
    const loaded = file === undefined ? { snapshots: new Map<string, StoredSnapshot>() } : readSnapshots(file);
    if (loaded.warning !== undefined) logger.warn(loaded.warning);
    this.#snapshots = loaded.snapshots;
  }

  /** The snapshot of `entry` when it was taken from the same configuration; `stale` when one exists for another. */
  lookup(entry: ServerEntry): { snapshot?: StoredSnapshot; stale: boolean } {
    const stored = this.#snapshots.get(entry.id);
    if (stored === undefined) return { stale: false };
    return stored.fingerprint === fingerprintOf(entry) ? { snapshot: stored, stale: false } : { stale: true };
  }

  /** Keeps what `entry`'s server lists now; returns false (with a warning, once) when it cannot be kept. */
  save(entry: ServerEntry, capabilities: ServerCapabilities, lists: ServerLists): boolean {
    const snapshot: StoredSnapshot = { fingerprint: fingerprintOf(entry), at: Date.now(), capabilities, lists };
    // Depth first: serializing a hostile, deeply nested definition would overflow the stack.
    const tooDeep = exceedsDepth(snapshot, MAX_DEFINITION_DEPTH + 4);
    const text = tooDeep ? '' : JSON.stringify(snapshot);
    const refusal = tooDeep
      ? `its lists nest deeper than ${MAX_DEFINITION_DEPTH} levels`
      : text.length > MAX_SNAPSHOT_BYTES
        ? `its lists take more than ${MAX_SNAPSHOT_BYTES} bytes`
        : redact(text) !== text
          ? 'its lists contain a value the catalog holds secret'
          : undefined;
    if (refusal !== undefined) {
      this.#warnOnce(`server "${entry.id}": ${refusal}, so no snapshot is kept; it is started whenever it must be advertised`);
      this.forget(entry.id);
      return false;
    }
    this.#snapshots.delete(entry.id);
    this.#snapshots.set(entry.id, snapshot);
    this.#dirty.set(entry.id, snapshot);
    this.#queueWrite();
    return true;
  }

  forget(id: string): void {
    if (!this.#snapshots.delete(id)) return;
    this.#dirty.set(id, undefined);
    this.#queueWrite();
  }

  /** Resolves once every write asked for so far is on disk (or failed). */
  flushed(): Promise<void> {
    return this.#writes.onIdle();
  }

  #queueWrite(): void {
    const file = this.file;
    if (file === undefined || this.#writeQueued) return;
    this.#writeQueued = true;
    void this.#writes.add(async () => {
      this.#writeQueued = false;
      const changes = [...this.#dirty];
      this.#dirty.clear();
      try {
        await this.#write(file, changes);
      } catch (error) {
        for (const [id, snapshot] of changes) if (!this.#dirty.has(id)) this.#dirty.set(id, snapshot);
        const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
        this.logger.warn(`cannot write the snapshot file ${file} (${code}); lazy servers will be started to learn their lists on the next run`);
      }
    });
  }

  /** Read-modify-write: the file as it is now (another gateway may have written it), our changes on top. */
  async #write(file: string, changes: [string, StoredSnapshot | undefined][]): Promise<void> {
    const merged = readSnapshots(file).snapshots;
    for (const [id, snapshot] of changes) {
      merged.delete(id);
      if (snapshot) merged.set(id, snapshot);
    }
    const entries = bounded([...merged]);
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(temp, `${JSON.stringify({ version: VERSION, servers: Object.fromEntries(entries) })}\n`, { mode: 0o600, flag: 'wx' });
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw error;
    }
  }

  #warnOnce(message: string): void {
    if (this.#warned.has(message)) return;
    if (this.#warned.size >= 1_000) this.#warned.clear();
    this.#warned.add(message);
    this.logger.warn(message);
  }
}

/** The newest entries that fit `MAX_SNAPSHOTS` and `MAX_FILE_BYTES` (entries are in insertion order, oldest first). */
function bounded(entries: [string, StoredSnapshot][]): [string, StoredSnapshot][] {
  const byAge = [...entries].sort(([, a], [, b]) => b.at - a.at);
  const kept: [string, StoredSnapshot][] = [];
  let bytes = 64;
  for (const [id, snapshot] of byAge) {
    if (kept.length >= MAX_SNAPSHOTS) break;
    const size = JSON.stringify(snapshot).length + id.length + 8;
    if (bytes + size > MAX_FILE_BYTES) continue;
    bytes += size;
    kept.push([id, snapshot]);
  }
  return kept.reverse();
}

/** The file's valid entries, and a warning when anything was wrong with it. Never throws. */
export function readSnapshots(file: string): { snapshots: Map<string, StoredSnapshot>; warning?: string } {
  const empty = new Map<string, StoredSnapshot>();
  const corrupt = (why: string) => ({
    snapshots: empty,
    warning: `the snapshot file ${file} is unusable (${why}); lazy servers will be started once to learn their lists again`,
  });
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) return corrupt(`larger than ${MAX_FILE_BYTES} bytes`);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { snapshots: empty } : corrupt(code ?? (error as Error).message);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return corrupt(`not JSON: ${(error as Error).message}`);
  }
  if (!isRecord(data) || data.version !== VERSION || !isRecord(data.servers)) return corrupt(`expected {"version": ${VERSION}, "servers": {…}}`);
  const snapshots = new Map<string, StoredSnapshot>();
  const dropped: string[] = [];
  for (const [id, raw] of Object.entries(data.servers)) {
    if (SERVER_ID_PATTERN.test(id) && isStoredSnapshot(raw)) snapshots.set(id, raw);
    else dropped.push(JSON.stringify(id.slice(0, 64)));
  }
  const warning =
    dropped.length > 0
      ? `the snapshot file ${file} has unusable entries (${dropped.slice(0, 5).join(', ')}); those servers will be started to learn their lists`
      : undefined;
  return { snapshots: new Map([...snapshots].slice(-MAX_SNAPSHOTS)), ...(warning !== undefined && { warning }) };
}

const ID_FIELDS: Record<keyof ServerLists, string> = { tools: 'name', prompts: 'name', resources: 'uri', resourceTemplates: 'uriTemplate' };

function isStoredSnapshot(value: unknown): value is StoredSnapshot {
  if (!isRecord(value) || typeof value.fingerprint !== 'string' || typeof value.at !== 'number' || !Number.isFinite(value.at)) return false;
  if (!isRecord(value.capabilities) || !isRecord(value.lists)) return false;
  if (exceedsDepth(value, MAX_DEFINITION_DEPTH + 4)) return false;
  const lists = value.lists;
  return (Object.keys(ID_FIELDS) as (keyof ServerLists)[]).every((kind) => {
    const items = lists[kind];
    return Array.isArray(items) && items.every((item) => isRecord(item) && typeof item[ID_FIELDS[kind]] === 'string');
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
