/**
 * Era verdicts kept between runs of the gateway, so a host that starts the gateway per session
 * (every stdio host does) does not pay a `server/discover` probe per server per launch: one JSON
 * file, `.switchboard/eras.json` next to the catalog, keyed by a digest of what identifies a
 * server (command, args and folder, or URL; never its environment or headers), each verdict with
 * the time it was found. Written atomically (temp file + rename, mode 0600), one write at a time,
 * at most `MAX_ENTRIES` servers (the oldest verdicts go). A missing or unreadable file is an empty
 * one: the worst case is a probe.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import PQueue from 'p-queue';
import type { ServerEntry } from '../config/schema.js';
import type { Verdict } from './era.js';

const MAX_ENTRIES = 500;

export interface StoredVerdict {
  verdict: Verdict;
  /** When it was found, ms since the epoch. */
  at: number;
}

/** `.switchboard/eras.json` in the catalog's folder; undefined for a catalog not read from a file. */
export function erasFileOf(catalogFile: string | undefined): string | undefined {
  return catalogFile === undefined ? undefined : join(dirname(catalogFile), '.switchboard', 'eras.json');
}

/** What identifies a server for its verdict: how it is reached, not how it is configured. */
export function verdictKey(entry: ServerEntry): string {
  const identity = entry.kind === 'stdio' ? ['stdio', entry.command, entry.args, entry.cwd ?? ''] : ['remote', entry.url];
  return createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 22);
}

export class EraStore {
  readonly #verdicts: Map<string, StoredVerdict>;
  readonly #writes = new PQueue({ concurrency: 1 });

  constructor(private readonly file: string | undefined) {
    this.#verdicts = file === undefined ? new Map() : readVerdicts(file);
  }

  get(key: string): StoredVerdict | undefined {
    return this.#verdicts.get(key);
  }

  set(key: string, stored: StoredVerdict | undefined): void {
    this.#verdicts.delete(key);
    if (stored) this.#verdicts.set(key, stored);
    while (this.#verdicts.size > MAX_ENTRIES) this.#verdicts.delete(this.#verdicts.keys().next().value as string);
    if (this.file !== undefined) void this.#writes.add(() => this.#write(this.file as string)).catch(() => undefined);
  }

  /** Resolves once every write asked for so far is on disk (or failed). */
  flushed(): Promise<void> {
    return this.#writes.onIdle();
  }

  async #write(file: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify({ version: 1, verdicts: Object.fromEntries(this.#verdicts) }, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, file);
  }
}

function readVerdicts(file: string): Map<string, StoredVerdict> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown; verdicts?: Record<string, StoredVerdict> };
    if (parsed.version !== 1 || typeof parsed.verdicts !== 'object' || parsed.verdicts === null) return new Map();
    const valid = Object.entries(parsed.verdicts).filter(([, stored]) => isStoredVerdict(stored));
    return new Map(valid.slice(-MAX_ENTRIES));
  } catch {
    return new Map();
  }
}

function isStoredVerdict(value: unknown): value is StoredVerdict {
  const stored = value as StoredVerdict | undefined;
  if (typeof stored?.at !== 'number' || typeof stored.verdict !== 'object' || stored.verdict === null) return false;
  if (stored.verdict.kind === 'legacy') return true;
  return stored.verdict.kind === 'modern' && typeof stored.verdict.discover === 'object' && stored.verdict.discover !== null;
}
