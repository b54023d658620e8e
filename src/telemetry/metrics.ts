/**
 * Prometheus metrics (prom-client, loaded only when metrics are on). Request metrics come from the
 * hub's request events; server, queue, breaker, session and list figures are read from the
 * gateway on each scrape, so they cost nothing between scrapes.
 *
 * Cardinality is bounded by the catalog: `server` is a catalog id (or `none` for a request that
 * routed nowhere), `tool` is an advertised tool name that routed (else `other`), `method` is one
 * the gateway has a handler for. Nothing is keyed by session, request id, argument or URI.
 */
import type { Gauge } from 'prom-client';
import type { ConnectionState } from '../downstream/types.js';
import type { FinishedCall } from '../activity/recorder.js';
import type { HostRequest, RequestEnd } from '../upstream/request-events.js';
import { sizeOf } from './payload.js';
import type { TelemetryPort } from './port.js';

/** What the HTTP side serves at `/metrics`. */
export interface MetricsEndpoint {
  readonly contentType: string;
  render(): Promise<string>;
  /** Counters other parts of telemetry feed (the audit trail's records, drops and write errors). */
  audit: { record(): void; dropped(count: number): void; writeError(): void };
  close(): void;
}

const PREFIX = 'mcp_switchboard_';
/** Seconds: from a cached list (sub-ms) to a long tool call. */
const BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const STATES: readonly ConnectionState[] = ['idle', 'connecting', 'ready', 'restarting', 'needs-login', 'failed', 'stopping', 'stopped'];
const BREAKER = ['closed', 'open', 'half-open'] as const;

export async function startMetrics(port: TelemetryPort): Promise<MetricsEndpoint> {
  const prom = await import('prom-client');
  const registry = new prom.Registry();
  const registers = [registry];
  prom.collectDefaultMetrics({ register: registry, prefix: PREFIX });

  const requests = new prom.Counter({
    name: `${PREFIX}requests_total`,
    help: 'Host requests served, by method, owning server, advertised tool (tools/call only; "other" when it routed nowhere) and outcome (ok, tool_error, error, cancelled).',
    labelNames: ['method', 'server', 'tool', 'outcome'] as const,
    registers,
  });
  const duration = new prom.Histogram({
    name: `${PREFIX}request_duration_seconds`,
    help: 'Time from a host request arriving to its answer, by method, owning server and advertised tool.',
    labelNames: ['method', 'server', 'tool'] as const,
    buckets: BUCKETS,
    registers,
  });
  const inFlight = new prom.Gauge({
    name: `${PREFIX}requests_in_flight`,
    help: 'Host requests being served now, by method.',
    labelNames: ['method'] as const,
    registers,
  });
  const bytes = new prom.Counter({
    name: `${PREFIX}payload_bytes_total`,
    help: 'UTF-8 JSON size of request params (direction="in") and results (direction="out") of routed requests, by method and server.',
    labelNames: ['method', 'server', 'direction'] as const,
    registers,
  });
  const downstream = new prom.Counter({
    name: `${PREFIX}downstream_requests_total`,
    help: "Requests routed to servers (for hosts, and the gateway's own such as logging/setLevel), by server, method and outcome (ok, tool_error, error).",
    labelNames: ['server', 'method', 'outcome'] as const,
    registers,
  });
  const downstreamDuration = new prom.Histogram({
    name: `${PREFIX}downstream_duration_seconds`,
    help: 'Time a server took to answer a relayed request (queueing at the gateway included), by server and method.',
    labelNames: ['server', 'method'] as const,
    buckets: BUCKETS,
    registers,
  });

  const statusGauge = (name: string, help: string, labelNames: readonly string[], fill: (gauge: Gauge) => void) =>
    new prom.Gauge({
      name: `${PREFIX}${name}`,
      help,
      labelNames,
      registers,
      collect() {
        this.reset();
        fill(this);
      },
    });
  // Figures that only grow over a connection's life are exposed as counters set from the status on each scrape.
  const statusCounter = (name: string, help: string, value: (status: ReturnType<TelemetryPort['statuses']>[number]) => number) =>
    new prom.Counter({
      name: `${PREFIX}${name}`,
      help,
      labelNames: ['server'],
      registers,
      collect() {
        this.reset();
        for (const status of port.statuses()) this.inc({ server: status.serverId }, value(status));
      },
    });

  statusGauge('server_up', '1 while the server is ready (routed to), else 0.', ['server'], (g) => {
    for (const s of port.statuses()) g.set({ server: s.serverId }, s.state === 'ready' ? 1 : 0);
  });
  statusGauge('server_state', 'The connection state of each server: 1 for its current state, 0 for the others.', ['server', 'state'], (g) => {
    for (const s of port.statuses()) for (const state of STATES) g.set({ server: s.serverId, state }, s.state === state ? 1 : 0);
  });
  statusGauge(
    'server_breaker',
    'The restart breaker of each server: 1 for its current position (closed, open, half-open), 0 for the others.',
    ['server', 'state'],
    (g) => {
      for (const s of port.statuses()) for (const state of BREAKER) g.set({ server: s.serverId, state }, s.breaker === state ? 1 : 0);
    },
  );
  statusGauge('server_in_flight', 'Requests a server is handling now.', ['server'], (g) => {
    for (const s of port.statuses()) g.set({ server: s.serverId }, s.inFlight);
  });
  statusGauge('server_queue_depth', 'Requests waiting at the gateway for a slot towards a server (maxConcurrency reached).', ['server'], (g) => {
    for (const s of port.statuses()) g.set({ server: s.serverId }, s.queued);
  });
  statusGauge(
    'server_items',
    'What each server lists now, by kind (tools, prompts, resources, resource_templates), before shaping and pinning.',
    ['server', 'kind'],
    (g) => {
      for (const s of port.statuses()) {
        g.set({ server: s.serverId, kind: 'tools' }, s.tools);
        g.set({ server: s.serverId, kind: 'prompts' }, s.prompts);
        g.set({ server: s.serverId, kind: 'resources' }, s.resources);
        g.set({ server: s.serverId, kind: 'resource_templates' }, s.resourceTemplates);
      }
    },
  );
  statusGauge('advertised_items', 'What hosts are offered now (the merged view), by kind.', ['kind'], (g) => {
    const view = port.view();
    g.set({ kind: 'tools' }, view.tools.length);
    g.set({ kind: 'prompts' }, view.prompts.length);
    g.set({ kind: 'resources' }, view.resources.length);
    g.set({ kind: 'resource_templates' }, view.resourceTemplates.length);
  });
  statusGauge('sessions', 'Host sessions open now.', [], (g) => g.set(port.sessionCount()));
  statusCounter('server_restarts_total', 'Restart attempts after a failure, over the connection life of each server.', (s) => s.restarts);
  statusCounter('server_overloaded_total', 'Requests refused as overloaded (queue full) by each server connection.', (s) => s.overloaded);

  const auditRecords = new prom.Counter({ name: `${PREFIX}audit_records_total`, help: 'Records written to the audit trail.', registers });
  const auditDropped = new prom.Counter({
    name: `${PREFIX}audit_dropped_total`,
    help: 'Audit records dropped (queue full or file unwritable); each gap is marked in the file.',
    registers,
  });
  const auditErrors = new prom.Counter({ name: `${PREFIX}audit_write_errors_total`, help: 'Failed writes of the audit trail.', registers });

  const labelsOf = (request: HostRequest) => {
    const server = request.serverId ?? 'none';
    const tool = request.method === 'tools/call' ? (request.serverId !== undefined && request.target !== undefined ? request.target : 'other') : '';
    return { method: request.method, server, tool };
  };
  const onStart = (request: HostRequest) => void inFlight.inc({ method: request.method });
  const onEnd = (request: HostRequest, end: RequestEnd) => {
    const labels = labelsOf(request);
    inFlight.dec({ method: request.method });
    requests.inc({ ...labels, outcome: end.outcome });
    duration.observe(labels, end.durationMs / 1000);
    if (request.serverId === undefined) return;
    bytes.inc({ method: request.method, server: labels.server, direction: 'in' }, sizeOf(request.params));
    if (end.result) bytes.inc({ method: request.method, server: labels.server, direction: 'out' }, sizeOf(end.result));
  };
  // Routed requests come from the activity recorder, which sees every one (not only those made for a host request).
  const onRouted = (call: FinishedCall) => {
    downstream.inc({ server: call.serverId, method: call.method, outcome: call.outcome === 'tool-error' ? 'tool_error' : call.outcome });
    downstreamDuration.observe({ server: call.serverId, method: call.method }, call.durationMs / 1000);
  };
  port.requests.on('request:start', onStart);
  port.requests.on('request:end', onEnd);
  port.activity.on('end', onRouted);

  return {
    contentType: registry.contentType,
    render: () => registry.metrics(),
    audit: { record: () => auditRecords.inc(), dropped: (count) => auditDropped.inc(count), writeError: () => auditErrors.inc() },
    close() {
      port.requests.off('request:start', onStart);
      port.requests.off('request:end', onEnd);
      port.activity.off('end', onRouted);
      registry.clear();
    },
  };
}
