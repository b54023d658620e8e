/** Shared pieces of the OAuth tests: a state dir, a catalog, a headless "browser". */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCatalog } from '../../../src/config/index.js';
import type { Catalog } from '../../../src/config/schema.js';
import type { RemoteEntry } from '../../../src/oauth/login.js';
import { ROOT } from '../../helpers/paths.js';

export async function tempStateDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-oauth-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A catalog whose servers are the given YAML lines (indented under `servers:`). */
export function catalogOf(stateDir: string, servers: string): Catalog {
  const yaml = `settings:\n  stateDir: ${JSON.stringify(stateDir)}\n  startupWait: 0\n  defaults: { connectTimeout: 4000, restart: { initialDelay: 200, maxDelay: 400 } }\nservers:\n${servers}`;
  return parseCatalog(yaml, { env: {}, cwd: ROOT });
}

export function remote(catalog: Catalog, id: string): RemoteEntry {
  const entry = catalog.servers.find((server) => server.id === id);
  if (entry?.kind !== 'remote') throw new Error(`no remote server ${id}`);
  return entry;
}

/** What a person does with the authorization URL: open it, approve, land on the callback. */
export async function approve(url: URL): Promise<void> {
  const authorize = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5000) });
  const location = authorize.headers.get('location');
  if (authorize.status !== 302 || location === null) throw new Error(`authorize answered ${authorize.status}: ${await authorize.text()}`);
  const callback = await fetch(location, { signal: AbortSignal.timeout(5000) });
  await callback.text();
  if (callback.status !== 200) throw new Error(`callback answered ${callback.status}`);
}

export { eventually } from '../../helpers/eventually.js';
