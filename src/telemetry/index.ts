/**
 * The telemetry room: metrics, traces and the audit trail, each on only when asked for, each an
 * observer of the hub's request events (see src/upstream/request-events.ts). Its packages
 * (prom-client, OpenTelemetry) are imported when a part is turned on, so a gateway without
 * telemetry loads none of them. Only gateway.ts imports this room.
 */
import type { Logger } from '../log.js';
import type { Settings } from '../config/schema.js';
import { startMetrics, type MetricsEndpoint } from './metrics.js';
import type { TelemetryPort } from './port.js';
import { tracingOptions } from './trace-options.js';

export type { TelemetryPort } from './port.js';
export type { MetricsEndpoint } from './metrics.js';

export interface TelemetryOptions {
  settings: Settings;
  /** Metrics on (the CLI decides: `serve --http` unless turned off, `serve --metrics PORT`). @default false */
  metrics?: boolean;
  /** Where the `OTEL_*` variables are read from. @default {} (no variable is honoured) */
  env?: NodeJS.ProcessEnv;
  /** The catalog's folder, for a relative `settings.audit.path`. */
  baseDir?: string;
}

/** The parts that are on; `close` flushes and stops them. */
export interface Telemetry {
  readonly metrics?: MetricsEndpoint;
  /** True when spans are exported. */
  readonly tracing: boolean;
  close(): Promise<void>;
}

export async function startTelemetry(port: TelemetryPort, options: TelemetryOptions, logger: Logger): Promise<Telemetry> {
  const closers: Array<() => Promise<void> | void> = [];
  let metrics: MetricsEndpoint | undefined;
  let tracing = false;
  try {
    if (options.metrics) {
      metrics = await startMetrics(port);
      closers.push(() => metrics?.close());
    }
    const traces = tracingOptions(options.settings.telemetry.traces, options.env ?? {});
    if (traces) {
      const { startTracing } = await import('./tracing.js');
      const tracer = await startTracing(port, traces, logger);
      tracing = true;
      closers.push(() => tracer.close());
    }
  } catch (error) {
    // Telemetry never keeps the gateway from serving: what could not start is reported and left off.
    logger.error(`telemetry could not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  return {
    ...(metrics && { metrics }),
    tracing,
    close: async () => {
      for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => undefined);
    },
  };
}
