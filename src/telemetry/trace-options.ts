/**
 * Whether traces are exported, and where: `settings.telemetry.traces` over the standard
 * OpenTelemetry variables. Pure: the environment is a parameter.
 */
import type { TelemetrySettings } from '../config/schema.js';

export interface TraceOptions {
  /** The OTLP/HTTP traces URL. */
  url: string;
  headers: Record<string, string>;
  serviceName: string;
}

const DEFAULT_URL = 'http://localhost:4318/v1/traces';

/** The export settings, or undefined when traces are off. */
export function tracingOptions(settings: TelemetrySettings['traces'], env: NodeJS.ProcessEnv): TraceOptions | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((name) => name.trim().toLowerCase());
  if (exporters.includes('none')) return undefined;
  const asked = exporters.includes('otlp') || Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT) || Boolean(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
  if (!(settings.enabled ?? asked)) return undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const url = settings.endpoint ?? (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || (base ? `${base.replace(/\/+$/, '')}/v1/traces` : DEFAULT_URL));
  const headers = settings.headers ?? parseHeaders(env.OTEL_EXPORTER_OTLP_TRACES_HEADERS ?? env.OTEL_EXPORTER_OTLP_HEADERS);
  return { url, headers, serviceName: settings.serviceName ?? (env.OTEL_SERVICE_NAME || 'mcp-switchboard') };
}

/** `key=value,key2=value2` with percent-encoded values, as OTEL_EXPORTER_OTLP_HEADERS writes them. */
function parseHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    const key = pair.slice(0, at).trim();
    const raw = pair.slice(at + 1).trim();
    try {
      headers[key] = decodeURIComponent(raw);
    } catch {
      headers[key] = raw;
    }
  }
  return headers;
}
