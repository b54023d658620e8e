/**
 * Which URLs an OAuth exchange may touch. Everything the gateway learns from a server (metadata
 * documents, endpoints, redirects) is data: it is parsed, checked here, and only then fetched
 * (never handed to a shell). The rules: `https:` only, plain `http:` only to a loopback host
 * (tests, local servers), no credentials in the URL, no fragment on an endpoint.
 */
import { isLoopbackHost } from '../shared/hosts.js';
import { UnsafeOAuthError } from './errors.js';

/**
 * `value` parsed, or an `UnsafeOAuthError` naming `what` (e.g. `the token endpoint`) and the rule
 * it breaks.
 */
export function safeUrl(value: string | URL, what: string): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new UnsafeOAuthError(`${what} is not a URL: ${JSON.stringify(String(value).slice(0, 200))}`);
  }
  const shown = describeUrl(url);
  if (url.protocol === 'http:') {
    if (!isLoopbackHost(url.hostname)) {
      throw new UnsafeOAuthError(`${what} ${shown} uses plain http on a non-loopback host; only https is accepted (http only on 127.0.0.1 / localhost)`);
    }
  } else if (url.protocol !== 'https:') {
    throw new UnsafeOAuthError(`${what} uses the scheme "${url.protocol}", which is refused; only https is accepted (http only on loopback)`);
  }
  if (url.username !== '' || url.password !== '') throw new UnsafeOAuthError(`${what} ${shown} carries credentials in the URL; refused`);
  return url;
}

/** An endpoint: a safe URL without a fragment (RFC 6749 §3.1, §3.2). */
export function safeEndpoint(value: string, what: string): URL {
  const url = safeUrl(value, what);
  if (url.hash !== '') throw new UnsafeOAuthError(`${what} ${describeUrl(url)} has a fragment; refused`);
  return url;
}

/** Whether two URLs share scheme, host and port. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/** A URL as error messages and logs show it: scheme, host, path (no query, no credentials). */
export function describeUrl(url: URL): string {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol}…`;
  return `${url.protocol}//${url.host}${url.pathname}`;
}
