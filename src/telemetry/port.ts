/**
 * What the telemetry room reads from the rest of the gateway, stated narrowly: the hub's request
 * events, and on each scrape the servers' facts, the session count and the merged view. The
 * composition root (gateway.ts) plugs these in; nothing outside this room imports it but gateway.ts.
 */
import type { ConnectionStatus } from '../downstream/types.js';
import type { RegistryView } from '../registry/types.js';
import type { RequestObserver } from '../upstream/request-events.js';

export interface TelemetryPort {
  readonly requests: RequestObserver;
  statuses(): readonly ConnectionStatus[];
  sessionCount(): number;
  view(): RegistryView;
}
