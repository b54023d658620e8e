/**
 * The bridge from a catalog entry to the registry's view of it: id, prefix and shaping.
 * Type-only dependency on the config room; no I/O.
 */
import type { ServerEntry, ServerShaping } from '../config/schema.js';
import type { ServerNaming } from './types.js';

/**
 * How `entry`'s names are advertised: its prefix (the id unless `prefix` says otherwise) and its
 * `tools` / `prompts` / `resources` shaping, when it has any.
 *
 * @example servers.map(namingFor) // → the `servers` of a `RegistryInput`
 */
export function namingFor(entry: ServerEntry): ServerNaming {
  const shaping: ServerShaping = {
    ...(entry.tools !== undefined && { tools: entry.tools }),
    ...(entry.prompts !== undefined && { prompts: entry.prompts }),
    ...(entry.resources !== undefined && { resources: entry.resources }),
  };
  return {
    serverId: entry.id,
    prefix: entry.prefix ?? entry.id,
    ...(Object.keys(shaping).length > 0 && { shaping }),
  };
}
