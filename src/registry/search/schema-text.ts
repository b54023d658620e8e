/**
 * The searchable text of a tool's input schema: parameter names, their titles and descriptions, and
 * short enum values, walked breadth-first through `properties`, `items`, `anyOf` / `oneOf` / `allOf`,
 * `$defs` / `definitions` and `additionalProperties`. Server data is hostile: depth, nodes, properties
 * per object and output characters are all bounded, and cycles (shared objects) cannot loop.
 */

/** How deep the walk goes below the root schema. */
const MAX_SCHEMA_DEPTH = 4;
/** Schema nodes visited in all. */
const MAX_SCHEMA_NODES = 256;
/** Properties read from one object. */
const MAX_PROPERTIES = 64;
/** Characters of text gathered in all. */
const MAX_SCHEMA_CHARS = 6_000;
/** Enum values gathered from one node, and the longest one kept. */
const MAX_ENUM_VALUES = 12;
const MAX_ENUM_CHARS = 40;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Parameter names (identifiers, to be split) and free text, kept apart so each can be analysed. */
export interface SchemaText {
  names: string[];
  text: string[];
}

export function schemaText(schema: unknown): SchemaText {
  const out: SchemaText = { names: [], text: [] };
  if (!isRecord(schema)) return out;
  let chars = 0;
  const push = (list: string[], value: unknown, limit = 400): void => {
    if (typeof value !== 'string' || value.length === 0 || chars >= MAX_SCHEMA_CHARS) return;
    const piece = value.slice(0, Math.min(limit, MAX_SCHEMA_CHARS - chars));
    chars += piece.length;
    list.push(piece);
  };
  const seen = new Set<object>();
  let queue: unknown[] = [schema];
  let visited = 0;
  for (let depth = 0; depth <= MAX_SCHEMA_DEPTH && queue.length > 0; depth++) {
    const next: unknown[] = [];
    for (const node of queue) {
      if (!isRecord(node) || seen.has(node) || visited >= MAX_SCHEMA_NODES || chars >= MAX_SCHEMA_CHARS) continue;
      seen.add(node);
      visited++;
      if (depth > 0) {
        push(out.text, node['title'], 120);
        push(out.text, node['description']);
      }
      const values = node['enum'];
      if (Array.isArray(values)) {
        for (const value of values.slice(0, MAX_ENUM_VALUES)) if (typeof value === 'string') push(out.names, value, MAX_ENUM_CHARS);
      }
      const properties = node['properties'];
      if (isRecord(properties)) {
        let count = 0;
        for (const key in properties) {
          if (++count > MAX_PROPERTIES) break;
          push(out.names, key, 80);
          next.push(properties[key]);
        }
      }
      for (const key of ['items', 'additionalProperties']) if (isRecord(node[key])) next.push(node[key]);
      for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
        const list = node[key];
        if (Array.isArray(list)) next.push(...list.slice(0, 16));
      }
      for (const key of ['$defs', 'definitions']) {
        const defs = node[key];
        if (!isRecord(defs)) continue;
        let count = 0;
        for (const name in defs) {
          if (++count > 32) break;
          next.push(defs[name]);
        }
      }
    }
    queue = next;
  }
  return out;
}
