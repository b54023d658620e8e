/**
 * The two ways an OAuth server can stop the gateway: it needs a (new) login, which only a person
 * can give (`LoginRequiredError`), or something it published breaks the safety rules and is
 * refused (`UnsafeOAuthError`). Both say which server and what to do.
 */

/** A server needs `mcp-switchboard login <server>` before it can be used. */
export class LoginRequiredError extends Error {
  override readonly name = 'LoginRequiredError';
  readonly code = 'NEEDS_LOGIN';
  constructor(
    readonly serverId: string,
    /** Why, in a few words (`the refresh token was refused (invalid_grant)`). */
    readonly reason: string,
    /** The exact command that fixes it. */
    readonly command: string,
    options?: ErrorOptions,
  ) {
    super(`server "${serverId}" needs a login (${reason}): run \`${command}\``, options);
  }
}

/** A discovered document, URL or redirect that the gateway refuses to follow. */
export class UnsafeOAuthError extends Error {
  override readonly name = 'UnsafeOAuthError';
  readonly code = 'UNSAFE_OAUTH';
}

/** A refresh that failed for a reason that may pass (network, 5xx): the login stays valid. */
export class TransientOAuthError extends Error {
  override readonly name = 'TransientOAuthError';
  readonly code = 'OAUTH_UNAVAILABLE';
}
