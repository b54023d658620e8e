/**
 * Accepting changed tool definitions: which pending alerts a list of `server[:tool]` selectors
 * names, and writing their new digests to the state file as approved pins.
 */
import type { PinAlert } from './policy.js';
import { setPin, updatePinFile } from './state-file.js';

/** The alerts `selectors` name, and the selectors that named none. */
export interface Selection {
  chosen: PinAlert[];
  unmatched: string[];
}

/**
 * Picks alerts by `server` (every changed tool of that server) or `server:tool` (one tool; the
 * first `:` separates, since server ids cannot contain one). `all` picks every alert.
 *
 * @example selectAlerts(alerts, ['github:create_issue', 'docs'], false)
 */
export function selectAlerts(alerts: readonly PinAlert[], selectors: readonly string[], all: boolean): Selection {
  if (all) return { chosen: [...alerts], unmatched: [] };
  const chosen = new Set<PinAlert>();
  const unmatched: string[] = [];
  for (const selector of selectors) {
    const colon = selector.indexOf(':');
    const serverId = colon === -1 ? selector : selector.slice(0, colon);
    const tool = colon === -1 ? undefined : selector.slice(colon + 1);
    const hits = alerts.filter((alert) => alert.serverId === serverId && (tool === undefined || alert.tool === tool));
    if (hits.length === 0) unmatched.push(selector);
    for (const hit of hits) chosen.add(hit);
  }
  return { chosen: [...chosen], unmatched };
}

/**
 * Pins the new definitions of `alerts` in `file` as approved. A running gateway that uses the
 * same file picks them up by itself (it polls the file). Returns the load warning, if any.
 */
export async function approveAlerts(file: string, alerts: readonly PinAlert[], now: Date = new Date()): Promise<string | undefined> {
  const loaded = await updatePinFile(file, (table) => {
    for (const alert of alerts) {
      setPin(table, alert.serverId, alert.tool, { digest: alert.digest, definition: alert.definition, pinnedAt: now.toISOString(), source: 'approved' });
    }
  });
  return loaded.warning;
}
