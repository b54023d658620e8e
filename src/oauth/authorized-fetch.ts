/**
 * The remote transports' `fetch`, wrapped for one OAuth server: its access token is added to
 * requests to that server's origin and to nothing else; a 401 gets one refresh and one retry,
 * then "needs login". A 401 with a `Bearer` challenge from a server without a login becomes the
 * same error, with the command to run, instead of an opaque HTTP failure (and no SSE fallback).
 *
 * The SDK's own `authProvider` path is not used: on a 401 it would run discovery, registration
 * and refresh through the transport's fetch, which carries the catalog's headers and checks no
 * scheme, unattended while serving.
 */
import type { FetchLike } from '@modelcontextprotocol/server';
import type { TokenSession } from './session.js';

export function authorizedFetch(session: TokenSession, serverUrl: URL): (base: FetchLike) => FetchLike {
  const origin = serverUrl.origin;
  return (base) => async (input, init) => {
    const url = new URL(String(input));
    // A downstream token goes only to its own server.
    if (url.origin !== origin) return base(input, init);
    const token = await session.accessToken();
    if (token === undefined) {
      const response = await base(input, init);
      if (response.status === 401 && isBearerChallenge(response)) {
        await response.body?.cancel().catch(() => undefined);
        throw session.needsLogin('the server asks for OAuth authorization (HTTP 401)');
      }
      return response;
    }
    const first = await base(input, withBearer(init, token));
    if (first.status !== 401) return first;
    await first.body?.cancel().catch(() => undefined);
    const next = await session.rejected(token);
    const retry = await base(input, withBearer(init, next));
    if (retry.status !== 401) return retry;
    await retry.body?.cancel().catch(() => undefined);
    throw await session.markNeedsLogin('the server refused a freshly issued access token (HTTP 401; a token for another audience?)');
  };
}

function withBearer(init: RequestInit | undefined, token: string): RequestInit {
  const headers = new Headers(init?.headers);
  headers.set('authorization', `Bearer ${token}`);
  return { ...init, headers };
}

/** `WWW-Authenticate: Bearer …` (RFC 6750 §3). */
function isBearerChallenge(response: Response): boolean {
  return /^\s*bearer\b/i.test(response.headers.get('www-authenticate') ?? '');
}
