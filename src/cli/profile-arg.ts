/** `--profile NAME`: checked against the catalog's profiles, with the ones there are when it is not one. */
import type { Catalog } from '../config/schema.js';
import { escapeControl } from '../shared/terminal.js';
import { UsageError } from './args.js';

/** `name` when the catalog has that profile; undefined when no profile was asked for; a `UsageError` otherwise. */
export function profileArg(command: string, catalog: Catalog, name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  const known = (catalog.profiles ?? []).map((profile) => profile.name);
  if (known.includes(name)) return name;
  const listed =
    known.length > 0
      ? `the catalog's profiles are ${known.join(', ')}`
      : `the catalog has no profiles (add a profiles: map, see docs/profiles-and-tool-modes.md)`;
  throw new UsageError(`${command}: unknown profile "${escapeControl(name)}": ${listed}`);
}
