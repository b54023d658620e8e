/**
 * Resource URI namespacing: `<scheme-prefix>+<original-uri>`, e.g. `memory+file:///notes.md`.
 *
 * MCP Apps UIs are the exception: hosts render a resource only when its URI is `ui://…`, so a
 * `ui://` URI keeps its scheme and the prefix goes in front of its authority instead:
 * `ui://get-time/app.html` of server `clock` is advertised as `ui://clock+get-time/app.html`.
 *
 * `memory+file` is itself a valid URI scheme (ALPHA *(ALPHA / DIGIT / "+" / "-" / ".")), so the
 * advertised URI stays a URI. Scheme prefixes never contain `+`, so splitting an advertised URI at
 * its FIRST `+` recovers the original exactly, even when the original scheme has a `+` of its own
 * (`git+https://…` → `github+git+https://…`).
 */
import { shortHash } from './hash.js';
import type { RegistryWarning, ServerNaming } from './types.js';

/** Between the scheme prefix and the original URI. */
const URI_PREFIX_SEPARATOR = '+';

const SCHEME_PREFIX = /^[a-z][a-z0-9.-]*$/;

/**
 * The scheme-safe form of a server prefix. Schemes are case-insensitive, so it is lowercased; every
 * character outside `[a-z0-9.-]` (notably `_`) becomes `-`; one that does not start with a letter
 * gets an `x` in front.
 *
 * @example schemePrefix('My_Server') // → 'my-server'
 * @example schemePrefix('42') // → 'x42'
 */
export function schemePrefix(prefix: string): string {
  const mapped = prefix.toLowerCase().replace(/[^a-z0-9.-]/gu, '-');
  return /^[a-z]/.test(mapped) ? mapped : `x${mapped}`;
}

/** The scheme MCP Apps UI resources use. */
const UI_SCHEME = 'ui://';

/** `<scheme>+<uri>`, or `ui://<scheme>+<rest>` for a `ui://` URI. */
export function prefixUri(scheme: string, uri: string): string {
  if (uri.startsWith(UI_SCHEME)) return UI_SCHEME + scheme + URI_PREFIX_SEPARATOR + uri.slice(UI_SCHEME.length);
  return scheme + URI_PREFIX_SEPARATOR + uri;
}

/**
 * Splits a URI at its first `+` when what precedes it could be a scheme prefix. The scheme comes
 * back lowercased (schemes are case-insensitive); `undefined` when there is no such split.
 */
export function splitPrefixedUri(uri: string): { scheme: string; rest: string } | undefined {
  if (uri.startsWith(UI_SCHEME)) {
    // The prefix is part of the authority: a `+` further on (in the path) is no prefix, as `/` is no scheme character.
    const split = splitPrefixedUri(uri.slice(UI_SCHEME.length));
    return split && { scheme: split.scheme, rest: UI_SCHEME + split.rest };
  }
  const at = uri.indexOf(URI_PREFIX_SEPARATOR);
  if (at <= 0) return undefined;
  const scheme = uri.slice(0, at).toLowerCase();
  if (!SCHEME_PREFIX.test(scheme)) return undefined;
  return { scheme, rest: uri.slice(at + 1) };
}

/** Which server owns which URI scheme prefix, both ways. Pass-through servers have none. */
export interface SchemeAssignment {
  /** serverId → scheme prefix. */
  readonly byServer: ReadonlyMap<string, string>;
  /** scheme prefix → serverId. */
  readonly byScheme: ReadonlyMap<string, string>;
  /** One `collision` warning per server whose scheme prefix had to be hash-suffixed. */
  readonly warnings: readonly RegistryWarning[];
}

/**
 * Gives every server with a string prefix a unique scheme prefix. Servers are taken in catalog
 * order: the first keeps {@link schemePrefix} of its prefix; a later one whose scheme is taken gets
 * `<scheme>-<hash of serverId and prefix>` and a warning. Appending a server never changes an earlier
 * server's scheme. Later duplicates of a server id are ignored.
 */
export function assignSchemes(servers: readonly ServerNaming[]): SchemeAssignment {
  const byServer = new Map<string, string>();
  const byScheme = new Map<string, string>();
  const warnings: RegistryWarning[] = [];
  const seen = new Set<string>();
  for (const { serverId, prefix } of servers) {
    if (seen.has(serverId)) continue;
    seen.add(serverId);
    if (prefix === false) continue;
    const wanted = schemePrefix(prefix);
    let scheme = wanted;
    for (let attempt = 0; byScheme.has(scheme); attempt++) {
      scheme = `${wanted}-${shortHash(`${serverId}\0${prefix}${attempt > 0 ? `\0${attempt}` : ''}`)}`;
    }
    if (scheme !== wanted) {
      const owner = byScheme.get(wanted);
      warnings.push({
        kind: 'collision',
        item: 'resource',
        serverId,
        original: prefix,
        advertised: scheme,
        ...(owner !== undefined && { otherServerId: owner }),
        message:
          `URI prefix "${wanted}" of server "${serverId}" is already used by server "${owner ?? '?'}"; ` +
          `its resources are advertised as "${prefixUri(scheme, '…')}"`,
      });
    }
    byServer.set(serverId, scheme);
    byScheme.set(scheme, serverId);
  }
  return { byServer, byScheme, warnings };
}
