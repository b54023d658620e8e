/**
 * Which advertised lists changed between two views: what decides whether hosts get
 * `notifications/{tools,prompts,resources}/list_changed`.
 */
import type { RegistryView } from './types.js';

/** Which lists differ. `resources` covers resources and resource templates. */
export interface ViewChanges {
  tools: boolean;
  prompts: boolean;
  resources: boolean;
}

/**
 * Compares the advertised lists of `previous` and `next` structurally (object key order does not
 * matter, array order does). No previous view means everything changed. Linear in the size of the
 * lists, so a gateway with thousands of tools can afford it on every rebuild.
 */
export function diffViews(previous: RegistryView | undefined, next: RegistryView): ViewChanges {
  if (!previous) return { tools: true, prompts: true, resources: true };
  return {
    // Who is offered a tool is part of the list too: hosts lacking a feature list other tools.
    tools: !deepEqual(previous.tools, next.tools) || !deepEqual(Object.fromEntries(previous.toolNeeds), Object.fromEntries(next.toolNeeds)),
    prompts: !deepEqual(previous.prompts, next.prompts),
    resources: !deepEqual(previous.resources, next.resources) || !deepEqual(previous.resourceTemplates, next.resourceTemplates),
  };
}

/**
 * Structural equality of JSON-like values: primitives by `Object.is`, arrays element-wise, plain
 * objects by their own enumerable keys regardless of order (a key holding `undefined` counts as
 * absent, as it would on the wire).
 */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const leftKeys = Object.keys(left).filter((key) => left[key] !== undefined);
  const rightKeys = Object.keys(right).filter((key) => right[key] !== undefined);
  if (leftKeys.length !== rightKeys.length) return false;
  for (const key of leftKeys) {
    if (!Object.prototype.hasOwnProperty.call(right, key) || !deepEqual(left[key], right[key])) return false;
  }
  return true;
}
