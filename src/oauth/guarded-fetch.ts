/**
 * The `fetch` every OAuth request goes through (metadata, registration, token, refresh): each URL
 * is checked by `safeUrl` before a byte is sent, redirects are never followed blindly (the SDK
 * follows a same-origin one by calling this fetch again, so its target is checked too; one to
 * another origin or scheme is refused here with an error that names it), and every request has a
 * deadline. No header from the catalog ever rides on these requests.
 */
import type { FetchLike } from '@modelcontextprotocol/server';
import { UnsafeOAuthError } from './errors.js';
import { describeUrl, safeUrl, sameOrigin } from './url-policy.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface GuardedFetchOptions {
  /** Deadline of one request, in ms. @default 10000 */
  timeoutMs?: number;
  /** What the requests are for, in error messages. @default 'an OAuth request' */
  what?: string;
  /** The fetch underneath (tests). @default globalThis.fetch */
  fetch?: FetchLike;
}

export function guardedFetch(options: GuardedFetchOptions = {}): FetchLike {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const what = options.what ?? 'an OAuth request';
  const base = options.fetch ?? fetch;
  return async (input, init) => {
    const url = safeUrl(input, `the URL of ${what}`);
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    let response: Response;
    try {
      response = await base(url, { ...init, redirect: 'manual', signal });
    } catch (error) {
      if (deadline.aborted) throw new Error(`${describeUrl(url)} did not answer within ${timeoutMs} ms`, { cause: error });
      throw error;
    }
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    try {
      if (location === null) throw new UnsafeOAuthError(`${describeUrl(url)} answered ${response.status} without a Location; refused`);
      const target = safeUrl(new URL(location, url), `the redirect from ${describeUrl(url)}`);
      if (!sameOrigin(url, target)) {
        throw new UnsafeOAuthError(
          `${describeUrl(url)} redirects to ${describeUrl(target)}, another origin; OAuth redirects are only followed within an origin`,
        );
      }
    } catch (error) {
      await response.body?.cancel().catch(() => undefined);
      throw error;
    }
    // Same origin: the SDK follows it by calling this fetch again, so the target is checked again.
    return response;
  };
}
