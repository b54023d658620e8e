/**
 * Where this gateway lives on disk, for what it writes about itself (host entries, `$schema`
 * lines): the built CLI and the shipped schema, found from this file (dist/cli/self.js), so the
 * paths are right in a clone and in an installed package alike.
 */
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: what a host entry runs with this Node.js. */
export const CLI_FILE = fileURLToPath(new URL('../cli.js', import.meta.url));
/** The catalog's JSON Schema, shipped with the package. */
export const SCHEMA_FILE = fileURLToPath(new URL('../../schema/catalog.schema.json', import.meta.url));

/** The schema as the `$schema` of a catalog at `out`: relative when it is near, absolute otherwise. */
export function schemaReference(out: string | undefined): string {
  if (out === undefined) return SCHEMA_FILE;
  const path = relative(dirname(out), SCHEMA_FILE);
  return path.startsWith(`..${sep}..${sep}`) ? SCHEMA_FILE : path.split(sep).join('/');
}
