/**
 * What a session of a profile gets when its profile is not in the catalog: an empty view to list,
 * and an error that names the profile and the ones there are.
 */
import { GatewayError } from '../errors.js';
import { buildRegistry } from '../registry/index.js';
import type { RegistryView } from '../registry/types.js';

/** A view with nothing in it. */
export const EMPTY_VIEW: RegistryView = buildRegistry({ naming: { separator: '__', nameBudget: 64 }, servers: [], snapshots: [] });

/**
 * The error for `profile`, which the catalog does not have: `unknown` when a host asked for it,
 * `removed` when a reload took it away from a session that was using it.
 */
export function unknownProfile(profile: string | undefined, known: readonly string[], how: 'unknown' | 'removed'): GatewayError {
  const listed = known.length > 0 ? `the catalog's profiles are ${known.map((name) => `"${name}"`).join(', ')}` : 'the catalog has no profiles';
  const what =
    how === 'removed'
      ? `profile "${profile ?? ''}" was removed from the catalog while this session used it; ${listed}: reconnect to one of them`
      : `unknown profile "${profile ?? ''}": ${listed}`;
  return new GatewayError('UNKNOWN_PROFILE', what, { profile, profiles: [...known] });
}
