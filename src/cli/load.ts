import { resolve } from 'node:path';
import type { Catalog } from '../config/schema.js';
import { ConfigError, loadCatalog } from '../config/index.js';
import { printErr } from './output.js';

/** Loads the catalog for a command; prints every problem and returns undefined when it is invalid. */
export async function loadForCli(file: string): Promise<Catalog | undefined> {
  try {
    return await loadCatalog(resolve(file), process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      printErr(`mcp-switchboard: the catalog is invalid:\n${error.format()}\n`);
      return undefined;
    }
    throw error;
  }
}
