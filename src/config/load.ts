/**
 * Catalog text → `Catalog`: parse YAML, interpolate `${VAR}` in every string value, validate,
 * normalize. Every problem in the text is reported at once, each with `file:line:col` and its
 * key path. `parseCatalog` is pure; `loadCatalog` only adds reading the file.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, describeMissingEnv, formatPath } from './errors.js';
import type { ConfigIssue } from './errors.js';
import { tryInterpolate } from './interpolate.js';
import type { Env } from './interpolate.js';
import { checkShaping } from './check-shaping.js';
import { checkProfiles } from './profiles.js';
import { checkServerId, normalizeServer } from './normalize.js';
import type { Catalog, ServerEntry } from './schema.js';
import { readSource } from './source.js';
import { didYouMean } from './suggest.js';
import type { Source } from './source.js';
import { CATALOG_KEYS, checkServer, checkSettings, describe, isPlainObject, unknownKey } from './validate.js';
import type { PathIssue } from './validate.js';

export interface ParseCatalogOptions {
  /** The file the text came from: labels every issue and becomes `Catalog.file`. */
  file?: string;
  /** Values for `${VAR}` references, usually `process.env`. */
  env: Env;
  /**
   * Folder that relative `cwd` entries resolve against.
   * @default the folder of `file`; without either, relative `cwd` entries stay relative
   */
  cwd?: string;
}

const NOT_A_CATALOG =
  'this file does not look like a catalog: it has no servers:, mcpServers: or settings: key (its content is not shown, in case it holds secrets); check that --config names your catalog';

const ADD_SERVERS = 'add a servers: map with at least one entry, e.g. servers: { memory: { command: npx, args: [...] } }';

/** Parse and validate catalog text. Throws a `ConfigError` listing every problem found. */
export function parseCatalog(text: string, options: ParseCatalogOptions): Catalog {
  const { file } = options;
  const source = readSource(text, file);
  if (source.syntaxIssues.length > 0) throw new ConfigError(source.syntaxIssues);

  const pathIssues: PathIssue[] = [];
  const secrets = new Set<string>();
  const failed = new Set<string>();
  const fail = (path: PropertyKey[], message: string) => {
    failed.add(formatPath(path));
    pathIssues.push({ path, message });
  };
  const missingEnv = new Map<string, string[]>();
  const data = interpolateCatalog(source.data, options.env, {
    fail,
    secrets,
    // An enabled server with an unset variable is not served, but its neighbours are (the connection reports it).
    missing: (serverId, path, variable) => {
      failed.add(formatPath(path));
      const names = missingEnv.get(serverId) ?? [];
      if (!names.includes(variable)) names.push(variable);
      missingEnv.set(serverId, names);
    },
  });

  // An unresolved reference already has its issue; a schema complaint about the blanked value is noise.
  const report = (issues: PathIssue[]) => pathIssues.push(...issues.filter((issue) => !failed.has(formatPath(issue.path))));

  if (data === null || data === undefined) throw toError(source, file, [{ path: [], message: `the catalog is empty: ${ADD_SERVERS}` }]);
  if (!isPlainObject(data)) throw toError(source, file, [{ path: [], message: `expected a mapping with a servers: key, got ${describe(data)}` }]);

  // A file that is YAML by accident (a password file, an INI file) is not echoed back: its "keys" may be secrets.
  const keys = Object.keys(data);
  if (!keys.some((key) => CATALOG_KEYS.includes(key) || didYouMean(key, CATALOG_KEYS) !== undefined)) {
    throw toError(source, file, [{ path: [], message: NOT_A_CATALOG }]);
  }
  for (const key of keys) {
    if (!CATALOG_KEYS.includes(key)) report([{ path: [], at: [key], message: unknownKey(key, { allowed: CATALOG_KEYS }) }]);
  }
  if (data.$schema !== undefined && typeof data.$schema !== 'string') {
    report([{ path: ['$schema'], message: `expected a string, got ${describe(data.$schema)}` }]);
  }
  const settings = checkSettings(data.settings);
  report(settings.issues);
  if (settings.value !== undefined) {
    const capped = capNameBudget(settings.value.nameBudget, options.env);
    if (typeof capped === 'string') report([{ path: [], message: capped }]);
    else settings.value = { ...settings.value, nameBudget: capped };
  }
  const separator = settings.value?.separator ?? '__';

  const listKey = pickServersKey(data, report);
  const servers: ServerEntry[] = [];
  const seenLower = new Map<string, string>();
  const entries = listKey !== undefined ? data[listKey] : undefined;
  if (isPlainObject(entries)) {
    for (const [id, raw] of Object.entries(entries)) {
      const path = [listKey as string, id];
      const idProblem = checkServerId(id, separator);
      if (idProblem !== undefined) report([{ path, message: idProblem }]);
      const twin = seenLower.get(id.toLowerCase());
      if (twin !== undefined)
        report([{ path, message: `server id "${id}" differs from "${twin}" only in case, and URI schemes ignore case: rename one of them` }]);
      seenLower.set(id.toLowerCase(), id);

      const checked = checkServer(raw, path);
      report(checked.issues);
      const missing = missingEnv.get(id);
      if (checked.value === undefined && missing !== undefined) {
        // The stand-in values did not make a valid entry: say what is unset, as for any other field.
        report([{ path, message: describeMissingEnv(missing) }]);
      }
      if (checked.value === undefined || settings.value === undefined) continue;
      const baseDir = options.cwd ?? (file !== undefined ? dirname(file) : undefined);
      const normalized = normalizeServer(id, checked.value, path, { settings: settings.value, ...(baseDir !== undefined && { baseDir }) });
      report(normalized.issues);
      if (normalized.entry) servers.push(missing !== undefined ? { ...normalized.entry, missingEnv: missing } : normalized.entry);
    }
  }

  if (listKey !== undefined && settings.value !== undefined) report(checkShaping(servers, listKey, settings.value));
  const profiles = checkProfiles(data.profiles, servers);
  report(profiles.issues);

  if (pathIssues.length > 0 || settings.value === undefined) throw toError(source, file, pathIssues);
  return {
    ...(file !== undefined && { file }),
    settings: settings.value,
    servers,
    ...(profiles.profiles.length > 0 && { profiles: profiles.profiles }),
    ...(secrets.size > 0 && { secrets: [...secrets] }),
  };
}

/**
 * `MCP_SWITCHBOARD_NAME_BUDGET` lowers `settings.nameBudget` (never raises it): a host entry sets it
 * to leave room for the host's own prefix without editing the catalog. A bad value is an issue.
 */
function capNameBudget(budget: number, env: Env): number | string {
  const raw = env.MCP_SWITCHBOARD_NAME_BUDGET;
  if (raw === undefined || raw === '') return budget;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < 16 || value > 64) {
    return `environment variable MCP_SWITCHBOARD_NAME_BUDGET must be a whole number from 16 to 64, got "${raw.slice(0, 20)}": fix or unset it`;
  }
  return Math.min(budget, value);
}

/** Read and parse a catalog file. Throws a `ConfigError` for an unreadable file too. */
export async function loadCatalog(file: string, env: Env = process.env): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file (check the path, or pass --config <file>)'
        : code === 'EACCES'
          ? 'permission denied (the file is not readable by this user)'
          : code === 'EISDIR'
            ? 'the path is a folder, not a file'
            : (code ?? (error as Error).message);
    throw new ConfigError([{ file, path: '', message: `cannot read the catalog: ${why}` }], { cause: error });
  }
  const absolute = resolve(file);
  return { ...parseCatalog(text, { file, env, cwd: dirname(absolute) }), file: absolute };
}

/** Which of `servers:` / `mcpServers:` holds the entries; reports none, both, empty or mistyped. */
function pickServersKey(data: Record<string, unknown>, report: (issues: PathIssue[]) => void): 'servers' | 'mcpServers' | undefined {
  const has = (key: string) => data[key] !== undefined;
  if (has('servers') && has('mcpServers')) {
    report([{ path: ['mcpServers'], message: 'both servers: and mcpServers: are present: move every entry under one of them' }]);
    return undefined;
  }
  const key = has('mcpServers') ? 'mcpServers' : 'servers';
  const entries = data[key];
  if (entries === undefined || entries === null || (isPlainObject(entries) && Object.keys(entries).length === 0)) {
    // A misspelt `sevrers:` is already reported as an unknown key, with the right spelling.
    const misspelt = Object.keys(data).some((k) => !CATALOG_KEYS.includes(k) && didYouMean(k, ['servers', 'mcpServers']) !== undefined);
    if (!misspelt || key in data) report([{ path: key in data ? [key] : [], message: `no servers: ${ADD_SERVERS}` }]);
    return undefined;
  }
  if (!isPlainObject(entries)) {
    report([{ path: [key], message: `expected a mapping of server id to server settings, got ${describe(entries)}` }]);
    return undefined;
  }
  return key;
}

interface InterpolationSinks {
  /** A reference that cannot be resolved anywhere it appears (a typo, or an unset variable outside a server). */
  fail: (path: PropertyKey[], message: string) => void;
  /** An unset variable inside an enabled server: that server is held back, the rest of the catalog is not. */
  missing: (serverId: string, path: PropertyKey[], variable: string) => void;
  secrets: Set<string>;
}

/**
 * Interpolate every string value of the catalog (never keys). A server that is switched off is
 * left as written: its variables need not exist. An unset variable inside an enabled server is
 * reported through `missing`, and the value keeps its reference text as a stand-in (a URL becomes
 * one that cannot resolve) so the entry still validates.
 */
function interpolateCatalog(data: unknown, env: Env, sinks: InterpolationSinks): unknown {
  if (!isPlainObject(data)) return interpolateTree(data, [], env, sinks, undefined);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    if ((key !== 'servers' && key !== 'mcpServers') || !isPlainObject(value)) {
      out[key] = interpolateTree(value, [key], env, sinks, undefined);
      continue;
    }
    const servers: Record<string, unknown> = {};
    for (const [id, raw] of Object.entries(value)) {
      servers[id] = isSwitchedOff(raw) ? raw : interpolateTree(raw, [key, id], env, sinks, id);
    }
    out[key] = servers;
  }
  return out;
}

/** `enabled: false` or `disabled: true`, written as plain booleans. */
function isSwitchedOff(raw: unknown): boolean {
  return isPlainObject(raw) && (raw.enabled === false || raw.disabled === true);
}

/** A stand-in for a value whose variable is unset: never used, since the server is not started. */
const UNSET_URL = 'http://unset.invalid/';

function interpolateTree(value: unknown, path: PropertyKey[], env: Env, sinks: InterpolationSinks, serverId: string | undefined): unknown {
  if (typeof value === 'string') {
    const result = tryInterpolate(value, env);
    let unset = false;
    for (const problem of result.problems) {
      if (serverId !== undefined && problem.variable !== undefined) {
        unset = true;
        sinks.missing(serverId, path, problem.variable);
      } else {
        sinks.fail(path, problem.message);
      }
    }
    for (const secret of result.secrets) sinks.secrets.add(secret);
    if (unset) return path.length === 3 && path[2] === 'url' ? UNSET_URL : value;
    return result.value;
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateTree(item, [...path, index], env, sinks, serverId));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateTree(item, [...path, key], env, sinks, serverId)]));
  }
  return value;
}

function toError(source: Source, file: string | undefined, issues: PathIssue[]): ConfigError {
  const located: ConfigIssue[] = issues.map((issue) => {
    const position = source.locate(issue.at ?? issue.path);
    return {
      ...(file !== undefined && { file }),
      ...(position && { line: position.line, column: position.column }),
      path: formatPath(issue.path),
      message: issue.message,
    };
  });
  located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return new ConfigError(located);
}
