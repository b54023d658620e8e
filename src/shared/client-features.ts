/**
 * The client capabilities a server's lists can depend on, as named features: what the gateway
 * relays from a host to its servers (sampling, elicitation in form and URL mode, roots). A host
 * has a feature when its capabilities declare it; a server may list a tool only to clients that
 * declare one (the `everything` server lists `trigger-sampling-request` only with `sampling`).
 * Pure; used by the downstream probe that learns which tools need which feature, and by the
 * upstream when it picks the tools a host session earns.
 */
import type { ClientCapabilities } from '@modelcontextprotocol/server';

export type ClientFeature = 'sampling' | 'elicitation' | 'elicitation.url' | 'roots';

/** Every feature, in the order messages name them. */
export const CLIENT_FEATURES: readonly ClientFeature[] = ['sampling', 'elicitation', 'elicitation.url', 'roots'];

/** The features `capabilities` declares (an empty `elicitation` is form mode, as the spec says). */
export function featuresOf(capabilities: ClientCapabilities | undefined): Set<ClientFeature> {
  const features = new Set<ClientFeature>();
  if (capabilities?.sampling !== undefined) features.add('sampling');
  if (capabilities?.elicitation !== undefined) features.add('elicitation');
  if ((capabilities?.elicitation as { url?: unknown } | undefined)?.url !== undefined) features.add('elicitation.url');
  if (capabilities?.roots !== undefined) features.add('roots');
  return features;
}

/** `capabilities` without `feature` (without elicitation, URL mode goes too; everything else is kept). */
export function withoutFeature(capabilities: ClientCapabilities, feature: ClientFeature): ClientCapabilities {
  const out: ClientCapabilities = { ...capabilities };
  if (feature === 'elicitation.url') {
    if (out.elicitation === undefined) return out;
    const { url: _url, ...modes } = out.elicitation as Record<string, unknown>;
    out.elicitation = modes as ClientCapabilities['elicitation'];
  } else {
    delete out[feature];
  }
  return out;
}

/** `capabilities` without any feature (other capabilities, such as extensions, are kept). */
export function withoutFeatures(capabilities: ClientCapabilities): ClientCapabilities {
  return CLIENT_FEATURES.reduce(withoutFeature, capabilities);
}

/** Whether a host with `features` has every one of `needs`. */
export function hasAll(features: ReadonlySet<ClientFeature>, needs: readonly ClientFeature[]): boolean {
  return needs.every((need) => features.has(need));
}

/** `sampling`, `sampling and roots`, `sampling, elicitation and roots`: for messages. */
export function featureList(needs: readonly ClientFeature[]): string {
  const names = needs.map((need) => (need === 'elicitation.url' ? 'elicitation (URL mode)' : need));
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1) ?? ''}`;
}
