/**
 * Bearer-token authentication for the HTTP endpoint. Tokens are kept only as SHA-256 digests and
 * compared with `timingSafeEqual` on equal-length digests, so neither the token's content nor its
 * length leaks through timing. A token in the query string is never looked at.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What `check` decided about one request. */
export type AuthResult =
  | { ok: true; /** Digest of the token used, to bind sessions to it ('' without auth). */ principal: string }
  | { ok: false; /** `missing`: no usable header; `invalid`: a token we do not accept. */ reason: 'missing' | 'invalid' };

/** The smallest token we accept: shorter ones are guessable. */
export const MIN_TOKEN_LENGTH = 16;

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** A fresh random token (256 bits, URL-safe). */
export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

export class BearerAuth {
  readonly #digests: Buffer[];

  /** `tokens` empty means authentication is off: every request passes as the anonymous principal. */
  constructor(tokens: readonly string[]) {
    for (const token of tokens) {
      if (token.length < MIN_TOKEN_LENGTH) throw new RangeError(`a bearer token must be at least ${MIN_TOKEN_LENGTH} characters, got ${token.length}`);
    }
    this.#digests = tokens.map(digest);
  }

  get enabled(): boolean {
    return this.#digests.length > 0;
  }

  /** Reads `Authorization: Bearer <token>` only; a repeated Authorization header is refused. */
  check(req: IncomingMessage): AuthResult {
    if (!this.enabled) return { ok: true, principal: '' };
    const headers = req.headersDistinct.authorization ?? [];
    if (headers.length === 0) return { ok: false, reason: 'missing' };
    if (headers.length > 1) return { ok: false, reason: 'invalid' };
    const match = /^Bearer +(\S+) *$/i.exec(headers[0] ?? '');
    if (!match?.[1]) return { ok: false, reason: 'invalid' };
    const presented = digest(match[1]);
    // Compare against every accepted token, always, so the position of a match does not leak either.
    let found: Buffer | undefined;
    for (const accepted of this.#digests) {
      if (timingSafeEqual(presented, accepted) && !found) found = accepted;
    }
    return found ? { ok: true, principal: found.toString('hex') } : { ok: false, reason: 'invalid' };
  }
}

/** The `WWW-Authenticate` challenge for a 401 (RFC 6750). */
export function challenge(reason: 'missing' | 'invalid'): string {
  return reason === 'missing' ? 'Bearer realm="mcp-switchboard"' : 'Bearer realm="mcp-switchboard", error="invalid_token"';
}
