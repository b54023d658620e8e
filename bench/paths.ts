/**
 * Where the things the bench launches live. The compiled bench runs from
 * node_modules/.cache/mcp-switchboard-bench/ (see tsconfig.json here), three levels below the root.
 */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The gateway's CLI; `BENCH_GATEWAY_CLI` points the bench at another build (e.g. a baseline). */
export const GATEWAY_CLI = process.env.BENCH_GATEWAY_CLI ?? fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
export const STDIO_FIXTURE = fileURLToPath(new URL('../../../test/fixtures/dist/fixture-server.js', import.meta.url));
export const HTTP_FIXTURE = fileURLToPath(new URL('../../../test/fixtures/dist/http-fixture-server.js', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../../../bench/results/', import.meta.url));

/** Fixture flags for one server: N extra tools plus echo and the 5 MB-capable blob tool. */
export function fixtureArgs(name: string, tools: number): string[] {
  return ['--name', name, '--tools', String(tools), '--blob'];
}
