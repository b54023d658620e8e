/**
 * What the telemetry room reads from the rest of the gateway, stated narrowly: the hub's request
 * events, the activity recorder's routed requests, and on each scrape the servers' facts, the session count and the merged view. The
 * composition root (gateway.ts) plugs these in; nothing outside this room imports it but gateway.ts.
 */
import type { ActivityRecorder } from '../activity/recorder.js';
import type { ConnectionStatus } from '../downstream/types.js';
import type { RegistryView } from '../registry/types.js';
import type { RequestObserver } from '../upstream/request-events.js';

export interface TelemetryPort {
  /** Host requests and the downstream requests made for them (the hub's events). */
  readonly requests: RequestObserver;
  /** Every request routed to a server, whoever made it (the gateway's activity recorder). */
  readonly activity: ActivityRecorder;
  statuses(): readonly ConnectionStatus[];
  sessionCount(): number;
  view(): RegistryView;
}
