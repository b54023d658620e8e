/**
 * One server's login while the gateway runs: the access token to send now, refreshed shortly
 * before it expires (one refresh at a time), and "needs login" when the authorization server
 * refuses the refresh token. That state is written to the record, so every later attempt fails
 * at once, locally, with the command to run, until `mcp-switchboard login` replaces the record
 * (picked up from disk without a restart).
 */
import type { AuthorizationServerMetadata, OAuthClientInformationMixed, OAuthTokens, FetchLike } from '@modelcontextprotocol/server';
import { OAuthError, OAuthErrorCode, refreshAuthorization } from '@modelcontextprotocol/client';
import type { Logger } from '../log.js';
import { LoginRequiredError, TransientOAuthError } from './errors.js';
import type { LoginRecord, LoginStore, StoredTokens } from './store.js';

export interface TokenSessionOptions {
  serverId: string;
  serverUrl: string;
  store: LoginStore;
  /** A login is required (`oauth` set in the catalog); otherwise one is used when present. */
  required: boolean;
  /** `oauth.clientId` / `oauth.clientSecret` of the catalog, when set. */
  clientId?: string;
  clientSecret?: string;
  /** The OAuth fetch (see `guardedFetch`). */
  fetch: FetchLike;
  /** The command that logs in, e.g. `mcp-switchboard login docs --config servers.yaml`. */
  loginCommand: string;
  logger: Logger;
  /** @default Date.now */
  now?: () => number;
  /** How often the record's file is looked at for changes made by another process, in ms. @default 2000 */
  recheckMs?: number;
}

/** At most a minute before expiry, and never earlier than 80 % into a token's life. */
export function refreshDue(tokens: StoredTokens, now: number): boolean {
  if (tokens.expires_at === undefined) return false;
  const skew = Math.min(60_000, Math.max(0, tokens.expires_at - tokens.obtained_at) / 5);
  return now >= tokens.expires_at - skew;
}

/** The record's tokens in the store's shape. */
export function storedTokens(tokens: OAuthTokens, now: number): StoredTokens {
  return {
    access_token: tokens.access_token,
    token_type: tokens.token_type,
    ...(tokens.refresh_token !== undefined ? { refresh_token: tokens.refresh_token } : {}),
    ...(tokens.scope !== undefined ? { scope: tokens.scope } : {}),
    ...(tokens.expires_in !== undefined ? { expires_at: now + tokens.expires_in * 1000 } : {}),
    obtained_at: now,
  };
}

export class TokenSession {
  readonly serverId: string;
  private cached: { record: LoginRecord; mtimeMs: number } | { problem: string; mtimeMs: number } | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<string> | undefined;
  private readonly now: () => number;

  constructor(private readonly options: TokenSessionOptions) {
    this.serverId = options.serverId;
    this.now = options.now ?? Date.now;
  }

  /** The access token to send; undefined when there is no login and none is required. */
  async accessToken(): Promise<string | undefined> {
    const record = await this.load(false);
    if (!record) {
      if (this.options.required) throw this.needsLogin('not logged in yet');
      return undefined;
    }
    const tokens = this.usable(record);
    if (!refreshDue(tokens, this.now())) return tokens.access_token;
    if (tokens.refresh_token === undefined) {
      if (this.now() < (tokens.expires_at ?? Infinity)) return tokens.access_token;
      throw await this.markNeedsLogin('the access token expired and the server issued no refresh token');
    }
    return this.refresh(tokens.access_token, false);
  }

  /** The server answered 401 to `used`: a new token to retry with, or `LoginRequiredError`. */
  async rejected(used: string): Promise<string> {
    const record = await this.load(true);
    if (!record) throw this.needsLogin('the login was removed');
    const tokens = this.usable(record);
    if (tokens.access_token !== used) return tokens.access_token;
    if (tokens.refresh_token === undefined) throw await this.markNeedsLogin('the server refused the access token and there is no refresh token');
    return this.refresh(used, true);
  }

  /** The error for "the server wants authorization and there is no login". */
  needsLogin(reason: string, cause?: unknown): LoginRequiredError {
    return new LoginRequiredError(this.serverId, reason, this.options.loginCommand, cause === undefined ? undefined : { cause });
  }

  /** Records that only a new login helps (tokens dropped, client kept) and returns the error to throw. */
  async markNeedsLogin(reason: string, cause?: unknown): Promise<LoginRequiredError> {
    const record = this.cached && 'record' in this.cached ? this.cached.record : undefined;
    if (record && !record.needsLogin) {
      const { tokens: _dropped, ...rest } = record;
      const next: LoginRecord = { ...rest, needsLogin: { reason, at: new Date(this.now()).toISOString() } };
      await this.save(next).catch((error: unknown) => this.options.logger.warn(`cannot record that a login is needed: ${(error as Error).message}`));
      this.options.logger.warn(`needs a login (${reason}): run \`${this.options.loginCommand}\``);
    }
    return this.needsLogin(reason, cause);
  }

  private usable(record: LoginRecord): StoredTokens {
    if (record.needsLogin) throw this.needsLogin(record.needsLogin.reason);
    if (this.options.clientId !== undefined && record.client.client_id !== this.options.clientId) {
      throw this.needsLogin(`the login was made with client "${record.client.client_id}", the catalog now names "${this.options.clientId}"`);
    }
    if (!record.tokens) throw this.needsLogin('the login holds no tokens');
    return record.tokens;
  }

  private refresh(used: string, force: boolean): Promise<string> {
    this.refreshing ??= this.doRefresh(used, force).finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async doRefresh(used: string, force: boolean): Promise<string> {
    // Another process (a second gateway, a login) may have refreshed or replaced the login.
    const record = await this.load(true);
    if (!record) throw this.needsLogin('the login was removed');
    const current = this.usable(record);
    if (current.access_token !== used && !refreshDue(current, this.now())) return current.access_token;
    if (!force && !refreshDue(current, this.now())) return current.access_token;
    const refreshToken = current.refresh_token;
    if (refreshToken === undefined) throw await this.markNeedsLogin('the access token expired and the server issued no refresh token');
    let tokens: OAuthTokens;
    try {
      tokens = await refreshAuthorization(record.issuer, {
        metadata: record.metadata as AuthorizationServerMetadata,
        clientInformation: this.clientInformation(record),
        refreshToken,
        resource: new URL(record.resource),
        fetchFn: this.options.fetch,
      });
    } catch (error) {
      if (!isPermanent(error)) {
        if (!force && this.now() < (current.expires_at ?? Infinity)) return current.access_token;
        throw new TransientOAuthError(
          `server "${this.serverId}": refreshing its access token failed (${(error as Error).message}); the gateway tries again on its next attempt`,
          { cause: error },
        );
      }
      const again = await this.load(true);
      const rotated = again?.tokens && again.tokens.refresh_token !== refreshToken && !refreshDue(again.tokens, this.now());
      if (rotated && again.tokens) return again.tokens.access_token;
      const code = error instanceof OAuthError ? error.code : 'refused';
      throw await this.markNeedsLogin(`the authorization server refused the refresh token (${code})`, error);
    }
    if (tokens.token_type.toLowerCase() !== 'bearer')
      throw await this.markNeedsLogin(`the authorization server issued a "${tokens.token_type}" token, not a Bearer token`);
    await this.save({ ...record, tokens: storedTokens(tokens, this.now()) });
    this.options.logger.debug('access token refreshed', { expiresIn: tokens.expires_in });
    return tokens.access_token;
  }

  private clientInformation(record: LoginRecord): OAuthClientInformationMixed {
    const secret = record.client.source === 'configured' ? this.options.clientSecret : record.client.client_secret;
    return {
      client_id: record.client.client_id,
      ...(secret !== undefined ? { client_secret: secret } : {}),
      ...(record.client.token_endpoint_auth_method !== undefined ? { token_endpoint_auth_method: record.client.token_endpoint_auth_method } : {}),
    };
  }

  private async save(record: LoginRecord): Promise<void> {
    await this.options.store.write(record);
    const mtimeMs = (await this.options.store.mtime(record.serverId, record.serverUrl)) ?? this.now();
    this.cached = { record, mtimeMs };
    this.checkedAt = this.now();
  }

  /** The record, re-read when its file changed (looked at every `recheckMs`, or now when `force`). */
  private async load(force: boolean): Promise<LoginRecord | undefined> {
    const { store, serverId, serverUrl } = this.options;
    const now = this.now();
    if (force || now - this.checkedAt >= (this.options.recheckMs ?? 2000)) {
      this.checkedAt = now;
      const mtimeMs = await store.mtime(serverId, serverUrl);
      if (mtimeMs === undefined) this.cached = undefined;
      else if (this.cached?.mtimeMs !== mtimeMs) {
        const result = await store.read(serverId, serverUrl);
        this.cached = result === undefined ? undefined : 'problem' in result ? { problem: result.problem, mtimeMs } : result;
      }
    }
    if (this.cached && 'problem' in this.cached) throw this.needsLogin(this.cached.problem);
    return this.cached?.record;
  }
}

/** An OAuth error that a retry will not fix (invalid_grant, invalid_client, …); 5xx and 429 are transient. */
function isPermanent(error: unknown): boolean {
  return error instanceof OAuthError && !TRANSIENT_OAUTH_CODES.has(error.code);
}

const TRANSIENT_OAUTH_CODES = new Set<string>([OAuthErrorCode.ServerError, OAuthErrorCode.TemporarilyUnavailable, OAuthErrorCode.TooManyRequests]);
