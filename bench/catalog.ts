/** The catalog the gateway serves: K stdio fixture servers s0…s<K-1>, written to a temp folder. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STDIO_FIXTURE, fixtureArgs } from './paths.js';

export interface CatalogFile {
  path: string;
  remove(): void;
}

export function writeCatalog(servers: number, tools: number): CatalogFile {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-bench-'));
  const entries = Object.fromEntries(
    Array.from({ length: servers }, (_, i) => [`s${i}`, { command: 'node', args: [STDIO_FIXTURE, ...fixtureArgs(`s${i}`, tools)] }]),
  );
  const path = join(dir, 'catalog.yaml');
  // JSON is YAML: no quoting rules to get wrong.
  // The gateway limits each server to `maxConcurrency` requests in flight (16 by default); the
  // benchmark keeps 64 in flight on one server, so it lifts the limit to measure the relay itself.
  writeFileSync(path, `${JSON.stringify({ settings: { defaults: { maxConcurrency: 64 } }, servers: entries }, null, 2)}\n`);
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
