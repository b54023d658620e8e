/**
 * Secrets never leave the gateway in its own words. Every value that came from `${VAR}`
 * interpolation, every `env` and `headers` value, the credentials in a URL and the gateway's own
 * token are registered here, and every line the gateway writes (logs, errors sent to hosts, CLI
 * output) goes through `redact`.
 */
import type { Catalog } from './config/schema.js';

const REDACTED = '[redacted]';

/** Shorter values are too common to be told apart from ordinary text (`1`, `true`). */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
let pattern: RegExp | undefined;

/** Adds values that must never be written anywhere. */
export function registerSecrets(values: Iterable<string>): void {
  let added = false;
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    // A secret also travels JSON-escaped (a quote or backslash in it) and percent-encoded.
    for (const form of formsOf(value)) {
      if (secrets.has(form)) continue;
      secrets.add(form);
      added = true;
    }
  }
  if (!added) return;
  // Longest first, so a secret that contains another is replaced whole.
  const sorted = [...secrets].sort((a, b) => b.length - a.length).map(escape);
  pattern = new RegExp(sorted.join('|'), 'g');
}

/** `text` with every registered secret replaced by `[redacted]`. */
export function redact(text: string): string {
  return pattern ? text.replace(pattern, REDACTED) : text;
}

/** A copy of `value` with secrets redacted in every string it holds. */
export function redactDeep<T>(value: T): T {
  if (!pattern) return value;
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)])) as T;
  }
  return value;
}

/** Every value of a catalog that may be a secret. */
export function secretsOf(catalog: Catalog): string[] {
  const found = [...(catalog.secrets ?? [])];
  for (const server of catalog.servers) {
    if (server.kind === 'stdio') {
      // Only env values whose name looks secret: `DEBUG: "true"` is not, and redacting it would
      // rewrite ordinary words everywhere. Interpolated values are in `catalog.secrets` anyway.
      // `secretEnv` names the others a user knows to be secret.
      const declared = new Set(server.secretEnv ?? []);
      for (const [name, value] of Object.entries(server.env)) if (SECRET_NAME.test(name) || declared.has(name)) found.push(value);
      continue;
    }
    for (const value of Object.values(server.headers)) {
      found.push(value);
      // `Bearer abc…`: the token alone must go too.
      const credential = /^\s*\S+\s+(\S+)\s*$/.exec(value)?.[1];
      if (credential) found.push(credential);
    }
    const url = new URL(server.url);
    if (url.password) found.push(decodeURIComponent(url.password), url.password);
    if (url.username && url.password) {
      found.push(decodeURIComponent(url.username));
      // They travel as a Basic header: its encoded form is as secret as they are.
      found.push(Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64'));
    }
  }
  return found;
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  secrets.clear();
  pattern = undefined;
}

/**
 * `env` names whose value is a secret: any containing TOKEN, KEY, SECRET, PASSWORD, PASSWD, PWD,
 * PASS, AUTH, CREDENTIAL, COOKIE, SESSION, PRIVATE or CERT (case-insensitive).
 */
const SECRET_NAME = /TOKEN|KEY|SECRET|PASSWORD|PASSWD|PWD|PASS|AUTH|CREDENTIAL|COOKIE|SESSION|PRIVATE|CERT/i;

/** The text forms a secret takes in output: itself, JSON-escaped, percent-encoded. */
function formsOf(value: string): string[] {
  const json = JSON.stringify(value).slice(1, -1);
  const forms = new Set([value, json, encodeURIComponent(value)]);
  // JSON.stringify leaves non-ASCII as is; an `\uXXXX` writer would not.
  forms.add(json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return [...forms];
}

function escape(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
