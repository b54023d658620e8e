/**
 * Which of a server's tools it lists only to clients with a given capability. A server may decide
 * its tool list from the client capabilities it was offered (the `everything` server lists
 * `trigger-sampling-request` only to a client that declares `sampling`); when one connection
 * serves hosts of different capabilities (HTTP), the gateway must know that to give each host
 * the list its own capabilities earn.
 *
 * The probe learns it by asking the server itself, on short-lived extra connections made like
 * the live one: one that offers none of the features (sampling, elicitation, URL elicitation,
 * roots) the live one offers; when that list lacks tools the live one has, one more per offered
 * feature, each leaving only that feature out, run together. A tool missing when a feature is
 * left out needs that feature. A tool that appears only with every feature, yet with any one
 * left out, is marked as needing all of them (the cautious reading). Nothing is shared with the
 * live connection: no era verdict is changed, no server request is relayed (the SDK refuses
 * them), and every probe connection is closed before this resolves.
 */
import type { ServerEntry } from '../config/schema.js';
import type { Logger } from '../log.js';
import { featuresOf, withoutFeature, withoutFeatures, type ClientFeature } from '../shared/client-features.js';
import { Attempt } from './attempt.js';
import { EraMemory } from './era.js';
import type { ConnectionLimits } from './policy.js';
import type { ConnectionOptions } from './types.js';

/** Original tool name → the features a client needs for the server to list it (only tools that need one). */
export type ToolNeeds = Readonly<Record<string, readonly ClientFeature[]>>;

export interface ProbeInput {
  entry: ServerEntry;
  options: ConnectionOptions;
  limits: ConnectionLimits;
  logger: Logger;
  /** The revision the live connection speaks (the probes speak it too, without probing the era). */
  protocolVersion: string | undefined;
  /** The tool names the live connection lists, with every offered feature. */
  listed: readonly string[];
  /** Aborting closes the probe connections and rejects. */
  signal: AbortSignal;
}

/** What the probe found: the needs, and how many probe connections it took. */
export interface ProbeResult {
  needs: ToolNeeds;
  connections: number;
}

/** Rejects when a probe connection fails (the caller decides what that means). */
export async function probeToolNeeds(input: ProbeInput): Promise<ProbeResult> {
  const offered = input.options.clientCapabilities ?? {};
  const features = [...featuresOf(offered)];
  if (features.length === 0 || input.listed.length === 0) return { needs: {}, connections: 0 };
  const bare = await listWith(input, withoutFeatures(offered));
  const gated = input.listed.filter((name) => !bare.has(name));
  if (gated.length === 0) return { needs: {}, connections: 1 };
  const without = await Promise.all(features.map(async (feature) => ({ feature, names: await listWith(input, withoutFeature(offered, feature)) })));
  const needs: Record<string, ClientFeature[]> = {};
  for (const name of gated) {
    const found = without.filter(({ names }) => !names.has(name)).map(({ feature }) => feature);
    const all = found.length > 0 ? found : features;
    // URL-mode elicitation is declared inside elicitation: needing it says both.
    needs[name] = all.includes('elicitation.url') ? all.filter((feature) => feature !== 'elicitation') : all;
  }
  return { needs, connections: 1 + features.length };
}

/** The tool names the server lists to a client offering `capabilities`, over one connection opened for it and closed. */
async function listWith(input: ProbeInput, capabilities: ConnectionOptions['clientCapabilities']): Promise<Set<string>> {
  const { onServerRequest: _relay, ...options } = input.options;
  const era = new EraMemory(input.protocolVersion === '2026-07-28' ? 'modern' : 'legacy');
  const attempt = new Attempt(
    input.entry,
    { ...options, ...(capabilities && { clientCapabilities: capabilities }) },
    input.limits,
    input.logger,
    { onListChanged: () => {}, onNotification: () => {}, onLost: () => {} },
    era,
  );
  const abort = () => attempt.abort(input.signal.reason instanceof Error ? input.signal.reason : new Error('probe aborted'));
  if (input.signal.aborted) abort();
  input.signal.addEventListener('abort', abort, { once: true });
  try {
    const lists = await attempt.run();
    return new Set(lists.tools.map((tool) => tool.name));
  } finally {
    input.signal.removeEventListener('abort', abort);
    await attempt.close();
  }
}
