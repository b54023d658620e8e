/**
 * The interactive part: one login to one server. Discovery (validated), a client (configured,
 * re-used, or registered per RFC 7591), the authorization request with PKCE S256, `state` and the
 * RFC 8707 `resource`, the loopback callback, the code exchange, and the record on disk. The
 * caller decides how the authorization URL reaches a person (printed, a browser, a test's fetch).
 */
import { randomBytes } from 'node:crypto';
import { exchangeAuthorization, registerClient, startAuthorization } from '@modelcontextprotocol/client';
import type { OAuthClientInformationMixed, FetchLike } from '@modelcontextprotocol/client';
import type { OAuthConfig, ServerEntry } from '../config/schema.js';
import { registerSecrets } from '../redact.js';
import { startCallbackServer, type CallbackServer } from './callback-server.js';
import { discover, sameIssuer, type Discovered } from './discovery.js';
import { UnsafeOAuthError } from './errors.js';
import { guardedFetch } from './guarded-fetch.js';
import { storedTokens } from './session.js';
import type { LoginRecord, LoginStore } from './store.js';
import { safeUrl } from './url-policy.js';

export type RemoteEntry = Extract<ServerEntry, { kind: 'remote' }>;

export interface LoginOptions {
  entry: RemoteEntry;
  store: LoginStore;
  /** Hands the authorization URL to a person (print it, open a browser) or to a test. */
  onAuthorizationUrl: (url: URL) => void | Promise<void>;
  /** How long to wait for the callback, in ms. @default 300000 */
  timeoutMs?: number;
  /** Loopback port of the redirect. @default oauth.redirectPort, else the previous login's, else a free one */
  port?: number;
  /** Scopes to ask for. @default oauth.scopes, else the server's challenge, else its scopes_supported */
  scopes?: readonly string[];
  /** The fetch under the OAuth checks (tests). @default globalThis.fetch */
  fetch?: FetchLike;
  /** Deadline of each OAuth request, in ms. @default 10000 */
  requestTimeoutMs?: number;
}

export interface LoginOutcome {
  issuer: string;
  scope?: string;
  /** ISO time the access token expires, when the server said. */
  expiresAt?: string;
  /** Whether a client was registered (RFC 7591) for this login. */
  registered: boolean;
  /** The record's file. */
  file: string;
}

/** The catalog's `oauth` as options (`true` and unset mean all defaults). */
export function oauthOptions(entry: RemoteEntry): OAuthConfig {
  return typeof entry.oauth === 'object' ? entry.oauth : {};
}

export async function login(options: LoginOptions): Promise<LoginOutcome> {
  const { entry, store } = options;
  if (entry.oauth === false) throw new Error(`server "${entry.id}" has oauth: false in the catalog; remove it to log in`);
  const config = oauthOptions(entry);
  const fetch = guardedFetch({
    what: `the login to "${entry.id}"`,
    timeoutMs: options.requestTimeoutMs ?? 10_000,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const found = await discover(new URL(entry.url), { fetch, trustedOrigins: config.trustedOrigins ?? [] });
  const previous = await store.read(entry.id, entry.url);
  const before = previous && 'record' in previous && sameIssuer(previous.record.issuer, found.issuer) ? previous.record : undefined;

  const state = randomBytes(32).toString('base64url');
  const timeoutMs = options.timeoutMs ?? 300_000;
  const callback = await listen(options.port ?? config.redirectPort, portOf(before), state, timeoutMs);
  try {
    const scope = options.scopes?.join(' ') ?? config.scopes?.join(' ') ?? found.challengeScope ?? found.scopesSupported?.join(' ');
    const { client, registered } = await clientFor(entry, config, found, before, callback.redirectUri, scope, fetch);
    const clientInformation: OAuthClientInformationMixed = {
      client_id: client.client_id,
      ...(client.source === 'configured' && config.clientSecret !== undefined ? { client_secret: config.clientSecret } : {}),
      ...(client.client_secret !== undefined ? { client_secret: client.client_secret } : {}),
      ...(client.token_endpoint_auth_method !== undefined ? { token_endpoint_auth_method: client.token_endpoint_auth_method } : {}),
    };
    const { authorizationUrl, codeVerifier } = await startAuthorization(found.issuer, {
      metadata: found.metadata,
      clientInformation,
      redirectUrl: callback.redirectUri,
      state,
      resource: found.resource,
      ...(scope !== undefined && scope !== '' ? { scope } : {}),
    });
    registerSecrets([codeVerifier]);
    await options.onAuthorizationUrl(safeUrl(authorizationUrl, 'the authorization URL'));
    const answer = await callback.result;
    registerSecrets([answer.code]);
    checkIssuerParameter(answer.iss, found);
    const tokens = await exchangeAuthorization(found.issuer, {
      metadata: found.metadata,
      clientInformation,
      authorizationCode: answer.code,
      // Checked above with a clearer message; the SDK checks it again before redeeming the code.
      ...(answer.iss !== undefined ? { iss: answer.iss } : {}),
      codeVerifier,
      redirectUri: callback.redirectUri,
      resource: found.resource,
      fetchFn: fetch,
    });
    registerSecrets([tokens.access_token, ...(tokens.refresh_token !== undefined ? [tokens.refresh_token] : [])]);
    if (tokens.token_type.toLowerCase() !== 'bearer')
      throw new Error(`the authorization server issued a "${tokens.token_type}" token; only Bearer tokens are supported`);
    const stored = storedTokens(tokens, Date.now());
    const record: LoginRecord = {
      version: 1,
      serverId: entry.id,
      serverUrl: entry.url,
      resource: found.resource,
      issuer: found.issuer,
      metadata: found.metadata,
      client,
      tokens: stored,
    };
    await store.write(record);
    return {
      issuer: found.issuer,
      registered,
      file: store.fileFor(entry.id, entry.url),
      ...(stored.scope !== undefined ? { scope: stored.scope } : {}),
      ...(stored.expires_at !== undefined ? { expiresAt: new Date(stored.expires_at).toISOString() } : {}),
    };
  } finally {
    await callback.close();
  }
}

/** The callback server on the wanted port; the previous login's port when free, else any. */
async function listen(wanted: number | undefined, previousPort: number | undefined, state: string, timeoutMs: number): Promise<CallbackServer> {
  if (wanted !== undefined) return startCallbackServer({ port: wanted, state, timeoutMs });
  if (previousPort !== undefined) {
    try {
      return await startCallbackServer({ port: previousPort, state, timeoutMs });
    } catch {
      // Taken: a new port (and, for a registered client, a new registration).
    }
  }
  return startCallbackServer({ port: 0, state, timeoutMs });
}

function portOf(record: LoginRecord | undefined): number | undefined {
  const uri = record?.client.source === 'registered' ? record.client.redirect_uris?.[0] : undefined;
  if (uri === undefined) return undefined;
  const port = Number(new URL(uri).port);
  return Number.isInteger(port) && port > 0 ? port : undefined;
}

async function clientFor(
  entry: RemoteEntry,
  config: OAuthConfig,
  found: Discovered,
  before: LoginRecord | undefined,
  redirectUri: string,
  scope: string | undefined,
  fetch: FetchLike,
): Promise<{ client: LoginRecord['client']; registered: boolean }> {
  if (config.clientId !== undefined) return { client: { client_id: config.clientId, source: 'configured' }, registered: false };
  const old = before?.client;
  const unexpired =
    old?.client_secret_expires_at === undefined || old.client_secret_expires_at === 0 || old.client_secret_expires_at * 1000 > Date.now() + 60_000;
  if (old?.source === 'registered' && old.redirect_uris?.includes(redirectUri) && unexpired) return { client: old, registered: false };
  if (found.metadata.registration_endpoint === undefined) {
    throw new Error(
      `the authorization server of "${entry.id}" offers no dynamic client registration (RFC 7591): register a client there with the redirect URI ${redirectUri} and set oauth.clientId (and oauth.redirectPort) in the catalog`,
    );
  }
  const info = await registerClient(found.issuer, {
    metadata: found.metadata,
    clientMetadata: {
      client_name: 'mcp-switchboard',
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    },
    ...(scope !== undefined && scope !== '' ? { scope } : {}),
    fetchFn: fetch,
  });
  if (info.client_secret !== undefined) registerSecrets([info.client_secret]);
  return {
    registered: true,
    client: {
      client_id: info.client_id,
      source: 'registered',
      redirect_uris: [redirectUri],
      ...(info.client_secret !== undefined ? { client_secret: info.client_secret } : {}),
      ...(info.client_secret_expires_at !== undefined ? { client_secret_expires_at: info.client_secret_expires_at } : {}),
      ...(info.token_endpoint_auth_method !== undefined ? { token_endpoint_auth_method: info.token_endpoint_auth_method } : {}),
    },
  };
}

/** RFC 9207: an `iss` in the callback must name the issuer; a server that promises it must send it. */
function checkIssuerParameter(iss: string | undefined, found: Discovered): void {
  if (iss !== undefined && !sameIssuer(iss, found.issuer)) {
    throw new UnsafeOAuthError(
      `the authorization response came from issuer ${JSON.stringify(iss)}, not ${JSON.stringify(found.issuer)} (a mix-up?); refused (RFC 9207)`,
    );
  }
  const promised = (found.metadata as { authorization_response_iss_parameter_supported?: unknown }).authorization_response_iss_parameter_supported === true;
  if (iss === undefined && promised) throw new UnsafeOAuthError('the authorization response lacks the iss parameter its server promises; refused (RFC 9207)');
}
