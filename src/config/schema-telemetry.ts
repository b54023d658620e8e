/**
 * Settings of the telemetry room (src/telemetry/): Prometheus metrics and OpenTelemetry traces.
 * `schema.ts` puts them under `settings.telemetry`; like it,
 * this file is a source of config types. See docs/telemetry.md.
 */
import { z } from 'zod';

/**
 * `/metrics` in Prometheus text format.
 *
 * @example metrics: { auth: none, port: 9464 }
 */
const MetricsSettingsSchema = z
  .object({
    /** Serve `/metrics` on `serve --http`. @default true */
    enabled: z.boolean().default(true).describe('Serve /metrics on serve --http.'),
    /**
     * `token`: `/metrics` takes the same bearer token as `/mcp`; `none`: anyone who passes the Host
     * and Origin checks may scrape it (it holds server ids, tool names and counts, never arguments).
     * @default 'token'
     */
    auth: z
      .enum(['token', 'none'], { error: 'metrics.auth must be "token" or "none"' })
      .default('token')
      .describe('token: same bearer token as /mcp; none: open.'),
    /** Stdio mode: serve `/metrics` on 127.0.0.1 at this port (as `serve --metrics PORT` does); 0 picks a free one. @default off */
    port: z.number().int().min(0).max(65535).optional().describe('stdio mode: serve /metrics on 127.0.0.1 at this port (serve --metrics PORT).'),
  })
  .strict();

/**
 * OpenTelemetry traces over OTLP/HTTP. Off unless `enabled: true` here or the standard variables
 * ask for them (`OTEL_TRACES_EXPORTER=otlp`, or `OTEL_EXPORTER_OTLP_ENDPOINT` /
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` set); `OTEL_SDK_DISABLED=true` or
 * `OTEL_TRACES_EXPORTER=none` turn them off whatever this says.
 *
 * @example traces: { enabled: true, endpoint: "http://127.0.0.1:4318/v1/traces" }
 */
const TracesSettingsSchema = z
  .object({
    /** @default the OTEL_* variables decide */
    enabled: z.boolean().optional().describe('Export traces (default: the OTEL_* variables decide).'),
    /** The OTLP/HTTP traces URL. @default $OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else $OTEL_EXPORTER_OTLP_ENDPOINT + /v1/traces, else http://localhost:4318/v1/traces */
    endpoint: z
      .url({ protocol: /^https?$/, error: 'traces.endpoint must be an http:// or https:// URL' })
      .optional()
      .describe('OTLP/HTTP traces URL.'),
    /** Headers sent with each export (usually `"${VAR}"` credentials; redacted everywhere). @default $OTEL_EXPORTER_OTLP_HEADERS */
    headers: z.record(z.string(), z.string()).optional().describe('Headers sent with each export.'),
    /** `service.name` of the spans. @default $OTEL_SERVICE_NAME, else 'mcp-switchboard' */
    serviceName: z.string().min(1).optional().describe('service.name of the spans.'),
  })
  .strict();

export const TelemetrySettingsSchema = z
  .object({
    metrics: MetricsSettingsSchema.default(MetricsSettingsSchema.parse({})),
    traces: TracesSettingsSchema.default(TracesSettingsSchema.parse({})),
  })
  .strict();

export type TelemetrySettings = z.infer<typeof TelemetrySettingsSchema>;
