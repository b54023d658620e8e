/**
 * How deep server data nests, measured without recursion. A server is hostile: a schema or result
 * nested tens of thousands deep would overflow the stack of any recursive walk (our own, or
 * JSON.stringify's), and a RangeError thrown from a timer takes the whole gateway down. Every room
 * that walks server data checks it against one of the limits here first.
 */

/**
 * Deepest nesting accepted in a tool's input or output schema, prompt arguments and the other
 * definitions a server lists. Real schemas nest a handful of levels; 64 leaves ample room for
 * generated ones while keeping every recursive walk (canonical JSON, diffs, validation) shallow.
 */
export const MAX_DEFINITION_DEPTH = 64;

/**
 * Deepest nesting accepted in a result relayed to a host (tools/call, prompts/get, resources/read).
 * Results carry arbitrary data (structuredContent), so the bound is looser than for definitions,
 * and still far below the few thousand levels where V8's recursive JSON code runs out of stack.
 */
export const MAX_RESULT_DEPTH = 512;

/**
 * True when `value` nests objects/arrays more than `limit` levels deep (a scalar is depth 0,
 * `{}` and `[]` depth 1). Iterative, stops as soon as the limit is passed, and visits each
 * container once, so it is safe on any input, shared or cyclic references included.
 */
export function exceedsDepth(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const seen = new Set<object>();
  const stack: { node: object; depth: number }[] = [{ node: value, depth: 1 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (depth > limit) return true;
    if (seen.has(node)) continue;
    seen.add(node);
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (child !== null && typeof child === 'object') stack.push({ node: child, depth: depth + 1 });
    }
  }
  return false;
}

/** `{ nested: … }` `depth` levels deep (tests and fixtures), built without recursion. */
export function nestedObject(depth: number, leaf: unknown = 'end'): unknown {
  let value: unknown = leaf;
  for (let level = 0; level < depth; level += 1) value = { nested: value };
  return value;
}
