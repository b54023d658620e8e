/**
 * Wiring OAuth into a running gateway: for every remote server of a catalog (unless `oauth:
 * false` or it sends its own `Authorization` header), a `TokenSession` over the state directory,
 * and a wrapper of the transports' fetch that uses it. Call it for every catalog the gateway adopts
 * (start and each reload) and give the result to the transport factory.
 */
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Catalog } from '../config/schema.js';
import type { RemoteFetchWrapper } from '../downstream/transports.js';
import type { Logger } from '../log.js';
import { registerSecrets } from '../redact.js';
import { authorizedFetch } from './authorized-fetch.js';
import { guardedFetch } from './guarded-fetch.js';
import { shellQuote } from '../shared/shell.js';
import { oauthOptions, type RemoteEntry } from './login.js';
import { TokenSession } from './session.js';
import { LoginStore } from './store.js';

/**
 * Where logins live: `settings.stateDir` (`~/` is the home folder; relative to the catalog's folder), else
 * `$MCP_SWITCHBOARD_STATE_DIR`, else `$XDG_STATE_HOME/mcp-switchboard`, else
 * `~/.local/state/mcp-switchboard` (`%LOCALAPPDATA%\mcp-switchboard` on Windows).
 */
export function stateDirOf(catalog: Pick<Catalog, 'file' | 'settings'>, env: NodeJS.ProcessEnv = process.env): string {
  const setting = catalog.settings.stateDir;
  const configured = setting !== undefined && (setting === '~' || setting.startsWith('~/')) ? join(homedir(), setting.slice(1)) : setting;
  if (configured !== undefined) return isAbsolute(configured) || catalog.file === undefined ? resolve(configured) : resolve(dirname(catalog.file), configured);
  if (env.MCP_SWITCHBOARD_STATE_DIR) return resolve(env.MCP_SWITCHBOARD_STATE_DIR);
  if (process.platform === 'win32' && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, 'mcp-switchboard');
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, 'mcp-switchboard');
  return join(homedir(), '.local', 'state', 'mcp-switchboard');
}

/** The command a person runs to log in to `serverId` (for display; nothing runs it). */
export function loginCommand(serverId: string, catalogFile: string | undefined): string {
  return `mcp-switchboard login ${serverId}${catalogFile !== undefined ? ` --config ${shellQuote(catalogFile)}` : ''}`;
}

/** Whether the gateway manages this server's OAuth tokens. */
export function usesOAuth(entry: RemoteEntry): boolean {
  if (entry.oauth === false) return false;
  return !Object.keys(entry.headers).some((name) => name.toLowerCase() === 'authorization');
}

/**
 * The `fetch` wrappers of a catalog's OAuth servers, by server id: the gateway hands them to the
 * transport factory, so any copy of an entry (same id) gets its token.
 */
export function attachOAuth(catalog: Catalog, logger: Logger): Map<string, RemoteFetchWrapper> {
  const wrappers = new Map<string, RemoteFetchWrapper>();
  const store = new LoginStore(stateDirOf(catalog));
  for (const entry of catalog.servers) {
    if (entry.kind !== 'remote' || !usesOAuth(entry)) continue;
    const config = oauthOptions(entry);
    if (config.clientSecret !== undefined) registerSecrets([config.clientSecret]);
    const session = new TokenSession({
      serverId: entry.id,
      serverUrl: entry.url,
      store,
      required: entry.oauth !== undefined,
      ...(config.clientId !== undefined ? { clientId: config.clientId } : {}),
      ...(config.clientSecret !== undefined ? { clientSecret: config.clientSecret } : {}),
      fetch: guardedFetch({ what: `the token refresh of "${entry.id}"` }),
      loginCommand: loginCommand(entry.id, catalog.file),
      logger: logger.child(entry.id),
    });
    wrappers.set(entry.id, authorizedFetch(session, new URL(entry.url)));
  }
  return wrappers;
}
