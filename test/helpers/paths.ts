import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI (`npm test` builds before running vitest). */
export const CLI = `${ROOT}dist/cli.js`;
/** A built fixture server by file name, e.g. `fixture('fixture-server')`. */
export const fixture = (name: string): string => `${ROOT}test/fixtures/dist/${name}.js`;
