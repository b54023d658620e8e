/**
 * One entry into a host's existing config text, everything else kept: JSON (with the comments and
 * trailing commas VS Code allows) is edited in place with jsonc-parser, so comments, order and
 * indentation stay; TOML (Codex) gets the entry's tables replaced or appended as text, and the
 * result is parsed back to prove that nothing else changed. Pure: text in, text out.
 */
import { isDeepStrictEqual } from 'node:util';
import { applyEdits, format, modify, parse as parseJsonc, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';

/** `text` with `entry` at `[key][name]`; other entries and comments untouched. `file` labels errors. */
export function mergeJson(text: string, key: string, name: string, entry: Record<string, unknown>, file: string): string {
  const source = text.trim() === '' ? '{}\n' : text;
  const errors: ParseError[] = [];
  const data: unknown = parseJsonc(source, errors, { allowTrailingComma: true });
  const [first] = errors;
  if (first !== undefined) {
    const line = source.slice(0, first.offset).split('\n').length;
    throw new Error(`${file}:${line} is not valid JSON (${printParseErrorCode(first.error)}): fix it first; nothing was changed`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error(`${file} does not hold a JSON object: fix it first; nothing was changed`);
  const holder = (data as Record<string, unknown>)[key];
  if (holder !== undefined && (typeof holder !== 'object' || holder === null || Array.isArray(holder))) {
    throw new Error(`${file}: "${key}" is not an object: fix it first; nothing was changed`);
  }
  // The bare edit first, then only the inserted text formatted: modify()'s own formatting would
  // reformat the neighbouring entry too.
  const [edit] = modify(source, [key, name], entry, {});
  if (edit === undefined) return source;
  const merged = applyEdits(source, [edit]);
  let start = edit.offset;
  let end = edit.offset + edit.content.length;
  const empty = holder === undefined || Object.keys(holder).length === 0;
  if (empty) {
    // A new or empty object: its braces sit on the inserted line, so that line is formatted whole.
    start = merged.lastIndexOf('\n', edit.offset - 1) + 1;
    const close = merged.indexOf('}', end);
    const newline = merged.indexOf('\n', end);
    if (close !== -1 && (newline === -1 || close < newline)) end = close + 1;
  }
  const options = { insertSpaces: !/^\t/m.test(source), tabSize: indentOf(source), eol: eolOf(source) };
  return applyEdits(merged, format(merged, { offset: start, length: end - start }, options));
}

function indentOf(text: string): number {
  const match = /^( +)\S/m.exec(text);
  return match?.[1]?.length ?? 2;
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** A table header such as `[mcp_servers.switchboard]` or `[mcp_servers."switchboard".env]`. */
function headerPath(line: string): string[] | undefined {
  const match = /^\s*\[(?!\[)\s*([^\]]+?)\s*\]\s*(#.*)?$/.exec(line);
  if (!match) return /^\s*\[\[/.test(line) ? ['[['] : undefined;
  return (match[1] ?? '').split('.').map((part) =>
    part
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .replace(/^'(.*)'$/, '$1'),
  );
}

/**
 * `text` with `[mcp_servers.<name>]` (and its sub-tables) replaced by `entry`, appended at the end
 * when it was not there. Refuses when the entry is written some other way (an inline table, dotted
 * keys) or when anything but that entry would change.
 */
export function mergeToml(text: string, name: string, entry: Record<string, unknown>, file: string): string {
  const before = parseTomlFile(text, file);
  const eol = eolOf(text);
  const kept: string[] = [];
  let inEntry = false;
  for (const line of text.split(/\r?\n/)) {
    const path = headerPath(line);
    if (path !== undefined) inEntry = path[0] === 'mcp_servers' && path[1] === name;
    if (!inEntry) kept.push(line);
  }
  while (kept.length > 0 && kept.at(-1)?.trim() === '') kept.pop();
  const block = stringifyToml({ mcp_servers: { [name]: entry } }).trimEnd();
  const merged = `${kept.length > 0 ? `${kept.join(eol)}${eol}${eol}` : ''}${block.split('\n').join(eol)}${eol}`;

  let after: Record<string, unknown>;
  try {
    after = parseToml(merged) as Record<string, unknown>;
  } catch {
    throw new Error(`${file}: mcp_servers is written in a way this command does not edit (an inline table): add the entry by hand; nothing was changed`);
  }
  const strip = (data: Record<string, unknown>) => {
    const servers = { ...(data.mcp_servers as Record<string, unknown> | undefined) };
    delete servers[name];
    return { ...data, mcp_servers: servers };
  };
  const servers = after.mcp_servers as Record<string, unknown> | undefined;
  if (!isDeepStrictEqual(toPlain(strip(before)), toPlain(strip(after))) || !isDeepStrictEqual(toPlain(servers?.[name]), toPlain(entry))) {
    throw new Error(
      `${file}: mcp_servers.${name} is written in a way this command does not edit (an inline table or dotted keys): remove it by hand, then run again; nothing was changed`,
    );
  }
  return merged;
}

function parseTomlFile(text: string, file: string): Record<string, unknown> {
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch (error) {
    const line = (error as { line?: number }).line;
    throw new Error(`${file}${line !== undefined ? `:${line}` : ''} is not valid TOML (${firstLine(error)}): fix it first; nothing was changed`, {
      cause: error,
    });
  }
}

function firstLine(error: unknown): string {
  return String((error as Error).message ?? error).split('\n')[0] ?? '';
}

/** Null-prototype objects and TOML dates as plain JSON values, for comparison. */
function toPlain(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
