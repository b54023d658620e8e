/**
 * A readable account of how a tool definition changed: which fields, a short line diff of the
 * description, a summary of schema changes. Every line is redacted: a definition may quote
 * anything, and these lines reach logs, `check` and the status resource. Pure.
 */
import { redact } from '../redact.js';
import { canonicalJson, PINNED_FIELDS } from './digest.js';
import type { PinnedDefinition, PinnedField } from './digest.js';
import { lineDiff } from './line-diff.js';

/** How a definition changed. */
export interface DefinitionDiff {
  /** The pinned fields that differ, in {@link PINNED_FIELDS} order. */
  fields: PinnedField[];
  /** Human-readable lines, unindented, e.g. `description:` then `  - old` / `  + new`. */
  lines: string[];
}

/** Longest quoted value in a diff line, in characters. */
const MAX_VALUE = 160;
/** Most lines one field contributes. */
const MAX_FIELD_LINES = 12;

/** What changed from `before` (the pinned definition; unknown for pins written without one) to `after`. */
export function diffDefinitions(before: PinnedDefinition | undefined, after: PinnedDefinition): DefinitionDiff {
  if (!before) return { fields: [], lines: ['(the pinned definition was not kept; only its digest differs)'] };
  const fields: PinnedField[] = [];
  const lines: string[] = [];
  for (const field of PINNED_FIELDS) {
    const old = (before as unknown as Record<string, unknown>)[field];
    const now = (after as unknown as Record<string, unknown>)[field];
    if (canonicalJson(old) === canonicalJson(now)) continue;
    fields.push(field);
    lines.push(...cap(fieldLines(field, old, now)));
  }
  return { fields, lines: lines.map(redact) };
}

function fieldLines(field: PinnedField, old: unknown, now: unknown): string[] {
  if (old === undefined) return [`${field}: added${preview(now)}`];
  if (now === undefined) return [`${field}: removed${preview(old)}`];
  if (field === 'description' && typeof old === 'string' && typeof now === 'string') {
    return ['description:', ...lineDiff(old, now).map((line) => `  ${line.sign} ${clip(line.text)}`)];
  }
  if ((field === 'inputSchema' || field === 'outputSchema') && isRecord(old) && isRecord(now)) {
    return [`${field}:`, ...schemaLines(old, now).map((line) => `  ${line}`)];
  }
  if (isRecord(old) && isRecord(now)) {
    return [`${field}:`, ...keyChanges(old, now).map((line) => `  ${line}`)];
  }
  return [`${field}: ${show(old)} → ${show(now)}`];
}

/** Properties added, removed and changed; required names added and removed; other keys that changed. */
function schemaLines(old: Record<string, unknown>, now: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const oldProps = isRecord(old.properties) ? old.properties : {};
  const newProps = isRecord(now.properties) ? now.properties : {};
  for (const name of union(oldProps, newProps)) {
    const a = oldProps[name];
    const b = newProps[name];
    if (a === undefined) lines.push(`property "${clip(name)}" added${typeOf(b)}`);
    else if (b === undefined) lines.push(`property "${clip(name)}" removed`);
    else if (canonicalJson(a) !== canonicalJson(b)) lines.push(`property "${clip(name)}" changed: ${keyChanges(asRecord(a), asRecord(b)).join('; ')}`);
  }
  const oldRequired = new Set(stringsOf(old.required));
  const newRequired = new Set(stringsOf(now.required));
  const madeRequired = [...newRequired].filter((name) => !oldRequired.has(name));
  const madeOptional = [...oldRequired].filter((name) => !newRequired.has(name));
  if (madeRequired.length > 0) lines.push(`now required: ${madeRequired.map(clip).join(', ')}`);
  if (madeOptional.length > 0) lines.push(`no longer required: ${madeOptional.map(clip).join(', ')}`);
  for (const key of union(old, now)) {
    if (key === 'properties' || key === 'required') continue;
    if (canonicalJson(old[key]) !== canonicalJson(now[key])) lines.push(`${clip(key)}: ${show(old[key])} → ${show(now[key])}`);
  }
  return lines;
}

/** `key: old → new` for every top-level key that differs. */
function keyChanges(old: Record<string, unknown>, now: Record<string, unknown>): string[] {
  return union(old, now)
    .filter((key) => canonicalJson(old[key]) !== canonicalJson(now[key]))
    .map((key) => `${clip(key)}: ${show(old[key])} → ${show(now[key])}`);
}

function cap(lines: string[]): string[] {
  if (lines.length <= MAX_FIELD_LINES + 1) return lines;
  return [...lines.slice(0, MAX_FIELD_LINES), `  … ${lines.length - MAX_FIELD_LINES} more line(s)`];
}

function preview(value: unknown): string {
  return value === undefined ? '' : `: ${show(value)}`;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : clip(JSON.stringify(value));
}

function typeOf(schema: unknown): string {
  return isRecord(schema) && typeof schema.type === 'string' ? ` (${schema.type})` : '';
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length <= MAX_VALUE ? flat : `${flat.slice(0, MAX_VALUE - 1)}…`;
}

function union(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : { value };
}
