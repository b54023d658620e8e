/**
 * The collision policy for resource URIs and resource template URIs.
 *
 * A server with a scheme prefix advertises `<scheme>+<uri>`: unique by construction, since scheme
 * prefixes are unique and contain no `+`. A pass-through server advertises its URIs unchanged, so:
 * - a URI that starts with another server's `<scheme>+` would be routed to that server; it is not
 *   advertised (warning `hijack`);
 * - a URI another pass-through server earlier in the catalog already advertises is not advertised
 *   (warning `collision`, naming both);
 * - a second copy of a URI within one server's list is dropped (first wins).
 */
import { prefixUri, splitPrefixedUri } from './uris.js';
import { quote } from './names.js';
import type { SchemeAssignment } from './uris.js';
import type { RegistryWarning } from './types.js';

/** One resource or template as its server listed it; `original` is its `uri` / `uriTemplate`. */
export interface UriCandidate<T> {
  serverId: string;
  original: string;
  item: T;
}

/** A resource or template that is advertised, under `uri`. */
export interface UriAssignment<T> {
  serverId: string;
  original: string;
  uri: string;
  item: T;
}

/**
 * Assigns advertised URIs to `candidates` (catalog order, each server's items in its own order).
 * Returns the advertised items in input order, and warnings.
 */
export function assignUris<T>(
  kind: 'resource' | 'resourceTemplate',
  candidates: readonly UriCandidate<T>[],
  schemes: SchemeAssignment,
): { assigned: UriAssignment<T>[]; warnings: RegistryWarning[] } {
  const noun = kind === 'resource' ? 'resource' : 'resource template';
  const assigned: UriAssignment<T>[] = [];
  const warnings: RegistryWarning[] = [];
  const taken = new Map<string, string>();
  const seen = new Set<string>();
  for (const { serverId, original, item } of candidates) {
    const key = `${serverId}\0${original}`;
    if (seen.has(key)) {
      warnings.push({
        kind: 'collision',
        item: kind,
        serverId,
        original,
        otherServerId: serverId,
        message: `server "${serverId}" lists ${noun} ${quote(original)} more than once; only the first is advertised`,
      });
      continue;
    }
    seen.add(key);

    const scheme = schemes.byServer.get(serverId);
    if (scheme === undefined) {
      const head = splitPrefixedUri(original);
      const victim = head && schemes.byScheme.get(head.scheme);
      if (victim !== undefined && victim !== serverId) {
        warnings.push({
          kind: 'hijack',
          item: kind,
          serverId,
          original,
          otherServerId: victim,
          message:
            `${noun} ${quote(original)} of pass-through server "${serverId}" lies under the URI prefix "${head?.scheme ?? ''}+" ` +
            `of server "${victim}"; it is not advertised (give "${serverId}" a prefix to expose it)`,
        });
        continue;
      }
    }

    const uri = scheme === undefined ? original : prefixUri(scheme, original);
    const owner = taken.get(uri);
    if (owner !== undefined) {
      warnings.push({
        kind: 'collision',
        item: kind,
        serverId,
        original,
        otherServerId: owner,
        message:
          `${noun} ${quote(original)} of server "${serverId}" collides with the same URI of server "${owner}", ` +
          `which comes first in the catalog; it is not advertised (give "${serverId}" a prefix to expose it)`,
      });
      continue;
    }
    taken.set(uri, serverId);
    assigned.push({ serverId, original, uri, item });
  }
  return { assigned, warnings };
}
