/**
 * The pinning decision for one server's snapshot, as a pure function: trust on first use, pass
 * what matches its pin, and hold back, warn about or re-pin what changed, per the policy.
 * No I/O, no clock (the time comes in as a parameter).
 */
import type { Tool } from '@modelcontextprotocol/server';
import type { PinPolicy } from '../config/schema.js';
import type { ServerSnapshot } from '../registry/types.js';
import { definitionOf, digestOf } from './digest.js';
import type { PinnedDefinition, PinnedField } from './digest.js';
import { diffDefinitions } from './diff.js';

/** What is known about one (server, original tool name). */
export interface Pin {
  /** `sha256:<hex>` of the pinned definition. */
  digest: string;
  /** The pinned definition itself, so a later change can be shown as a diff. */
  definition?: PinnedDefinition;
  /** When it was pinned, ISO 8601. */
  pinnedAt: string;
  /** Why: seen for the first time, approved by `mcp-switchboard approve`, or re-pinned by policy `allow`. */
  source: 'first-sight' | 'approved' | 'allowed';
}

/** A tool whose definition differs from its pin. */
export interface PinAlert {
  serverId: string;
  /** The tool's name as its server lists it. */
  tool: string;
  /** `held`: not advertised until approved (policy hold); `served`: advertised anyway (policy warn). */
  action: 'held' | 'served';
  pinnedDigest: string;
  digest: string;
  /** Which pinned fields changed. */
  fields: PinnedField[];
  /** A readable, redacted diff, one line per entry. */
  diff: string[];
  /** The definition an approval would pin. */
  definition: PinnedDefinition;
}

export interface PinDecision {
  /** The snapshot to build the view from: held tools removed. */
  snapshot: ServerSnapshot;
  /** Pins to record: tools seen for the first time, and changed tools under policy `allow`. */
  record: { tool: string; pin: Pin }[];
  /** Every tool of this snapshot that differs from its pin (none under policy `allow`). */
  alerts: PinAlert[];
}

/**
 * Decides what happens to each tool of `snapshot`, given the pins known so far (`pinOf`).
 *
 * @example decide(snapshot, (name) => table.get(name), 'hold', new Date().toISOString())
 */
export function decide(snapshot: ServerSnapshot, pinOf: (tool: string) => Pin | undefined, policy: PinPolicy, now: string): PinDecision {
  const record: PinDecision['record'] = [];
  const alerts: PinAlert[] = [];
  const held = new Set<Tool>();
  const recordedHere = new Map<string, Pin>();
  for (const tool of snapshot.tools) {
    const definition = definitionOf(tool);
    const digest = digestOf(definition);
    const pin = recordedHere.get(tool.name) ?? pinOf(tool.name);
    if (!pin) {
      const first: Pin = { digest, definition, pinnedAt: now, source: 'first-sight' };
      recordedHere.set(tool.name, first);
      record.push({ tool: tool.name, pin: first });
      continue;
    }
    if (pin.digest === digest) continue;
    if (policy === 'allow') {
      const allowed: Pin = { digest, definition, pinnedAt: now, source: 'allowed' };
      recordedHere.set(tool.name, allowed);
      record.push({ tool: tool.name, pin: allowed });
      continue;
    }
    const { fields, lines } = diffDefinitions(pin.definition, definition);
    alerts.push({
      serverId: snapshot.serverId,
      tool: tool.name,
      action: policy === 'hold' ? 'held' : 'served',
      pinnedDigest: pin.digest,
      digest,
      fields,
      diff: lines,
      definition,
    });
    if (policy === 'hold') held.add(tool);
  }
  const tools = held.size === 0 ? snapshot.tools : snapshot.tools.filter((tool) => !held.has(tool));
  return { snapshot: tools === snapshot.tools ? snapshot : { ...snapshot, tools }, record, alerts };
}
