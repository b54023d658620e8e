/**
 * The cache fields the gateway puts on 2026-07-28 results it builds itself (the SDK stamps the
 * rest of the era's envelope: `resultType`, the server's identity).
 */

/**
 * `ttlMs` / `cacheScope` of merged lists and of `server/discover`: private to the host (lists vary
 * with shaping and pinning) and short, because hot reload and servers coming and going change
 * them; hosts listening for `list_changed` drop them sooner.
 */
export const MODERN_CACHE_FIELDS = { ttlMs: 5_000, cacheScope: 'private' } as const;
