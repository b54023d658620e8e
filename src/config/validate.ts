/**
 * Schema validation with messages a user can act on. Each server entry is checked against the
 * stdio or the remote schema, chosen by whether it has `command` or `url`, so problems are
 * precise instead of zod's "no union member matched". Messages never quote values: a value
 * may have come from an environment variable holding a secret.
 */
import type { z } from 'zod';
import { CatalogSchema, DefaultsSchema, NameShapingSchema, RemoteServerSchema, SettingsSchema, StdioServerSchema, UriShapingSchema } from './schema.js';
import type { ServerConfig, Settings } from './schema.js';
import { didYouMean } from './suggest.js';

/** A problem at a key path, before it is pinned to a line. */
export interface PathIssue {
  /** The path the message is about. */
  path: PropertyKey[];
  /** Where to point in the text when that differs from `path` (an unknown key points at the key). */
  at?: PropertyKey[];
  message: string;
}

export type Checked<T> = { value: T; issues: [] } | { value: undefined; issues: PathIssue[] };

const STDIO_KEYS = Object.keys(StdioServerSchema.shape);
const REMOTE_KEYS = Object.keys(RemoteServerSchema.shape);
/** Keys of the mappings nested in an entry or in settings, by the key that holds them. */
const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  tools: Object.keys(NameShapingSchema.shape),
  prompts: Object.keys(NameShapingSchema.shape),
  resources: Object.keys(UriShapingSchema.shape),
  defaults: Object.keys(DefaultsSchema.shape),
};
/** Top-level keys a catalog may have. */
export const CATALOG_KEYS = Object.keys(CatalogSchema.shape);

export function checkSettings(raw: unknown): Checked<Settings> {
  return check(SettingsSchema, raw ?? {}, ['settings']);
}

/** Validate one `servers.<id>` entry against the schema its `command` / `url` calls for. */
export function checkServer(raw: unknown, path: PropertyKey[]): Checked<ServerConfig> {
  const fail = (message: string): Checked<ServerConfig> => ({ value: undefined, issues: [{ path, message }] });
  if (raw === null || raw === undefined) return fail('the entry is empty: give it a command (stdio server) or a url (remote server)');
  if (!isPlainObject(raw)) return fail(`expected a mapping with a command (stdio) or a url (remote), got ${describe(raw)}`);
  const hasCommand = 'command' in raw;
  const hasUrl = 'url' in raw;
  if (hasCommand && hasUrl) {
    return fail('has both command and url: keep command for a stdio server, or url for a remote one');
  }
  if (!hasCommand && !hasUrl) {
    // A misspelt `command` / `url` (`comand`, `serverUrl`): say so, and check the rest as if it were spelt right.
    for (const key of Object.keys(raw)) {
      const guess = didYouMean(key, ['command', 'url']);
      if (guess === undefined) continue;
      const { [key]: moved, ...others } = raw;
      const result = checkServer({ ...others, [guess]: moved }, path);
      const misspelt: PathIssue = { path, at: [...path, key], message: `unknown key "${key}" (did you mean "${guess}"?)` };
      return { value: undefined, issues: [misspelt, ...result.issues.filter((issue) => issue.path.at(-1) !== guess)] };
    }
    return fail('has neither command nor url: add command (stdio server) or url (remote server)');
  }
  return hasCommand
    ? check(StdioServerSchema, raw, path, { allowed: STDIO_KEYS, other: REMOTE_KEYS, kind: 'stdio' })
    : check(RemoteServerSchema, raw, path, { allowed: REMOTE_KEYS, other: STDIO_KEYS, kind: 'remote' });
}

export interface KeyContext {
  allowed: readonly string[];
  other: readonly string[];
  kind: 'stdio' | 'remote';
}

/**
 * Validate with `schema`, turning every zod issue into a `PathIssue` under `base`. `nested` names
 * the keys of mappings nested in it, by the key that holds them (for "did you mean").
 */
export function check<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  base: PropertyKey[],
  keys?: Pick<KeyContext, 'allowed'> & Partial<KeyContext>,
  nested: Readonly<Record<string, readonly string[]>> = NESTED_KEYS,
): Checked<z.output<S>> {
  const result = schema.safeParse(raw, { error: friendlyMessage });
  if (result.success) return { value: result.data, issues: [] };
  const issues: PathIssue[] = [];
  for (const issue of result.error.issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const holder = issue.path.at(-1);
      const inner = typeof holder === 'string' && Object.hasOwn(nested, holder) ? { allowed: nested[holder] ?? [] } : undefined;
      const context = issue.path.length === 0 ? (keys ?? { allowed: [] }) : inner;
      for (const key of issue.keys) issues.push({ path, at: [...path, key], message: unknownKey(key, context) });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return { value: undefined, issues };
}

/** `unknown key "comand" (did you mean "command"?)`, or which kind of server the key belongs to. */
export function unknownKey(key: string, context: Pick<KeyContext, 'allowed'> & Partial<KeyContext> = { allowed: [] }): string {
  const { allowed, other = [], kind } = context;
  if (kind !== undefined && other.includes(key) && !allowed.includes(key)) {
    return kind === 'stdio'
      ? `unknown key "${key}": it applies to remote servers (with url), and this one has command`
      : `unknown key "${key}": it applies to stdio servers (with command), and this one has url`;
  }
  const guess = didYouMean(key, allowed);
  return `unknown key "${key}"${guess !== undefined ? ` (did you mean "${guess}"?)` : ''}`;
}

/** Messages for zod's built-in checks; a message set in the schema wins over these. */
function friendlyMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case 'invalid_type': {
      const message = `expected ${EXPECTED[issue.expected] ?? issue.expected}, got ${describe(issue.input)}`;
      // `PORT: 8080`, `DEBUG: true`: YAML reads unquoted numbers and booleans as such.
      const quotable = issue.expected === 'string' && (typeof issue.input === 'number' || typeof issue.input === 'boolean');
      return quotable ? `${message}: put the value in quotes ("8080", "true") so YAML reads it as text` : message;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `expected ${JSON.stringify(issue.values[0])}`
        : `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'number') return issue.inclusive ? `must be at least ${issue.minimum}` : `must be greater than ${issue.minimum}`;
      return `must not be shorter than ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'number') return issue.inclusive ? `must be at most ${issue.maximum}` : `must be less than ${issue.maximum}`;
      return `must not be longer than ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `must match ${String(issue.pattern)}` : `must be a valid ${issue.format}`;
    default:
      return undefined;
  }
}

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** The kind of a value, never the value itself. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'a whole number' : 'a number';
  if (typeof value === 'boolean') return 'true/false';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
