/**
 * What a pin covers: the parts of a tool definition a model reads or obeys (name, title,
 * description, input and output schemas, annotations), reduced to canonical JSON and hashed.
 * Pure; no I/O.
 */
import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/server';

/** The fields of a tool definition that are pinned. Absent fields stay absent. */
export interface PinnedDefinition {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** The pinned fields, in the order diffs list them. */
export const PINNED_FIELDS = ['name', 'title', 'description', 'inputSchema', 'outputSchema', 'annotations'] as const;

export type PinnedField = (typeof PINNED_FIELDS)[number];

/** The pinned part of `tool`: only the fields in {@link PINNED_FIELDS}, absent ones left out. */
export function definitionOf(tool: Tool): PinnedDefinition {
  const source = tool as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { name: tool.name };
  for (const field of PINNED_FIELDS) {
    if (field !== 'name' && source[field] !== undefined) out[field] = source[field];
  }
  return out as unknown as PinnedDefinition;
}

/**
 * JSON with every object's keys sorted, so the same definition always gives the same text
 * whatever order a server serializes its keys in.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const record = inner as Record<string, unknown>;
    // Object.fromEntries defines own properties, so a `__proto__` key stays a plain key.
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((key) => [key, record[key]]),
    );
  });
}

/** `sha256:<hex>` of the canonical JSON of a pinned definition. */
export function digestOf(definition: PinnedDefinition): string {
  return `sha256:${createHash('sha256').update(canonicalJson(definition)).digest('hex')}`;
}

/** The digest of `tool`'s pinned fields. */
export function toolDigest(tool: Tool): string {
  return digestOf(definitionOf(tool));
}
