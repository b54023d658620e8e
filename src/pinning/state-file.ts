/**
 * The pin state file: JSON, one entry per (server id, original tool name). Written atomically
 * (temp file + rename) with mode 0600, created on first write with its folder (0700). A missing
 * file is an empty table; a corrupt one is moved aside to `<file>.corrupt` with a warning, never a crash.
 *
 * ```json
 * { "version": 1, "servers": { "github": { "create_issue": { "digest": "sha256:…", "pinnedAt": "…", "source": "first-sight", "definition": { … } } } } }
 * ```
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PinnedDefinition } from './digest.js';
import type { Pin } from './policy.js';
import { exceedsDepth, MAX_DEFINITION_DEPTH } from '../shared/depth.js';

/** server id → original tool name → pin. Maps, so no tool name can touch a prototype. */
export type PinTable = Map<string, Map<string, Pin>>;

const STATE_VERSION = 1;

const SOURCES: ReadonlySet<string> = new Set(['first-sight', 'approved', 'allowed']);
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** A table loaded from disk, and what went wrong reading it (already handled; worth a warning). */
export interface LoadedPins {
  table: PinTable;
  /** The file did not exist. */
  missing: boolean;
  /** Set when the file was unreadable or corrupt; the table is then empty. */
  warning?: string;
}

/** Reads `file`; a corrupt file is renamed to `<file>.corrupt` so the next write cannot lose it. */
export function loadPinFile(file: string): LoadedPins {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { table: new Map(), missing: true };
    return {
      table: new Map(),
      missing: false,
      warning: `cannot read the pin state file ${file} (${code ?? (error as Error).message}); every tool is treated as new`,
    };
  }
  try {
    return { table: parsePinTable(text), missing: false };
  } catch (error) {
    const aside = `${file}.corrupt`;
    let kept = `it was moved to ${aside}`;
    try {
      renameSync(file, aside);
    } catch {
      kept = 'it could not be moved aside and will be overwritten';
    }
    return {
      table: new Map(),
      missing: false,
      warning: `the pin state file ${file} is corrupt (${(error as Error).message}); ${kept}; every tool is treated as new (trust on first use again)`,
    };
  }
}

/** Parses the file's text; throws an `Error` saying what is wrong and where. */
export function parsePinTable(text: string): PinTable {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!isRecord(data)) throw new Error('expected a JSON object');
  if (data.version !== STATE_VERSION) throw new Error(`expected "version": ${STATE_VERSION}, got ${JSON.stringify(data.version)}`);
  if (!isRecord(data.servers)) throw new Error('expected "servers" to be an object');
  const table: PinTable = new Map();
  for (const [serverId, tools] of Object.entries(data.servers)) {
    if (!isRecord(tools)) throw new Error(`servers.${serverId}: expected an object`);
    const pins = new Map<string, Pin>();
    for (const [tool, raw] of Object.entries(tools)) pins.set(tool, parsePin(raw, `servers.${serverId}.${tool}`));
    table.set(serverId, pins);
  }
  return table;
}

function parsePin(raw: unknown, where: string): Pin {
  if (!isRecord(raw)) throw new Error(`${where}: expected an object`);
  const { digest, pinnedAt, source, definition } = raw;
  if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new Error(`${where}.digest: expected "sha256:" and 64 hex digits`);
  if (typeof pinnedAt !== 'string') throw new Error(`${where}.pinnedAt: expected a string`);
  if (typeof source !== 'string' || !SOURCES.has(source)) throw new Error(`${where}.source: expected first-sight, approved or allowed`);
  if (definition !== undefined && !(isRecord(definition) && typeof definition.name === 'string')) {
    throw new Error(`${where}.definition: expected an object with a name`);
  }
  // A definition too deep to diff safely (a hand-edited file) is dropped: the digest still guards the tool.
  const usable = definition !== undefined && !exceedsDepth(definition, MAX_DEFINITION_DEPTH);
  return { digest, pinnedAt, source: source as Pin['source'], ...(usable && { definition: definition as unknown as PinnedDefinition }) };
}

/** The file's text: servers and tools sorted, two-space indent, trailing newline. */
export function serializePinTable(table: PinTable): string {
  const servers = Object.fromEntries(
    [...table.keys()].sort().map((serverId) => {
      const pins = table.get(serverId) ?? new Map<string, Pin>();
      return [serverId, Object.fromEntries([...pins.keys()].sort().map((tool) => [tool, pins.get(tool)]))];
    }),
  );
  return `${JSON.stringify({ version: STATE_VERSION, servers }, null, 2)}\n`;
}

/** Writes `table` to `file` atomically: a 0600 temp file beside it, then a rename. */
export async function writePinTable(file: string, table: PinTable): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, serializePinTable(table), { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * Read-modify-write: loads the file as it is now (someone else may have written it since),
 * lets `change` edit the table, writes it back. Returns the table written and any load warning.
 */
export async function updatePinFile(file: string, change: (table: PinTable) => void): Promise<LoadedPins> {
  const loaded = loadPinFile(file);
  change(loaded.table);
  await writePinTable(file, loaded.table);
  return loaded;
}

/** Sets one pin in `table`. */
export function setPin(table: PinTable, serverId: string, tool: string, pin: Pin): void {
  let pins = table.get(serverId);
  if (!pins) table.set(serverId, (pins = new Map()));
  pins.set(tool, pin);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
