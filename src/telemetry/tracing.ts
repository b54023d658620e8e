/**
 * OpenTelemetry traces, following the semantic conventions for MCP: a SERVER span per host
 * request (`{mcp.method.name} {target}`), a CLIENT span per request sent downstream for it, W3C
 * trace context taken from the host's `params._meta` (`traceparent`, `tracestate`) as the remote
 * parent and put into the downstream request's `_meta` for the child. Spans go out in batches over
 * OTLP/HTTP (JSON); the batch queue is bounded (2048 spans; past it, spans are dropped).
 *
 * This module and the OpenTelemetry packages it imports are loaded only when traces are on.
 */
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Span, type TextMapGetter } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Logger } from '../log.js';
import { registerSecrets } from '../redact.js';
import type { DownstreamRequest, HostRequest, RequestEnd } from '../upstream/request-events.js';
import { VERSION } from '../version.js';
import type { TelemetryPort } from './port.js';
import type { TraceOptions } from './trace-options.js';

const SLOT = 'span';
/** How long stopping waits for the last spans to be exported. */
const SHUTDOWN_MS = 5_000;

const metaGetter: TextMapGetter<Readonly<Record<string, unknown>>> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    return typeof value === 'string' ? value : undefined;
  },
};

export async function startTracing(port: TelemetryPort, options: TraceOptions, logger: Logger): Promise<{ close(): Promise<void> }> {
  registerSecrets(Object.values(options.headers));
  const exporter = new OTLPTraceExporter({ url: options.url, headers: options.headers });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName, 'service.version': VERSION }),
    spanProcessors: [new BatchSpanProcessor(exporter, { maxQueueSize: 2048, maxExportBatchSize: 512, scheduledDelayMillis: 1000 })],
  });
  const tracer = provider.getTracer('mcp-switchboard', VERSION);
  const propagator = new W3CTraceContextPropagator();

  const onStart = (request: HostRequest) => {
    const parent = request.meta ? propagator.extract(ROOT_CONTEXT, request.meta, metaGetter) : ROOT_CONTEXT;
    const { name: clientName, protocolVersion } = request.client();
    const attributes: Attributes = {
      'mcp.method.name': request.method,
      'jsonrpc.request.id': String(request.requestId),
      'jsonrpc.protocol.version': '2.0',
      ...(request.sessionId !== undefined && { 'mcp.session.id': request.sessionId }),
      ...(protocolVersion !== undefined && { 'mcp.protocol.version': protocolVersion }),
      ...(clientName !== undefined && { 'client.name': clientName }),
      ...targetAttributes(request.method, request.target),
    };
    request.slots[SLOT] = tracer.startSpan(spanName(request.method, request.target), { kind: SpanKind.SERVER, attributes }, parent);
  };
  const onEnd = (request: HostRequest, end: RequestEnd) => {
    const span = request.slots[SLOT] as Span | undefined;
    if (!span) return;
    if (request.serverId !== undefined) span.setAttribute('mcp_switchboard.server.id', request.serverId);
    finish(span, end);
  };
  const onDownstreamStart = (request: DownstreamRequest) => {
    const parentSpan = request.host.slots[SLOT] as Span | undefined;
    const parent = parentSpan ? trace.setSpan(ROOT_CONTEXT, parentSpan) : ROOT_CONTEXT;
    const original = request.host.original;
    const span = tracer.startSpan(
      spanName(request.method, original),
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'mcp.method.name': request.method,
          'jsonrpc.protocol.version': '2.0',
          'mcp_switchboard.server.id': request.serverId,
          ...targetAttributes(request.method, original),
          ...(request.host.target !== undefined && request.host.target !== original && { 'mcp_switchboard.advertised.name': request.host.target }),
        },
      },
      parent,
    );
    request.slots[SLOT] = span;
    const carrier: Record<string, string> = {};
    propagator.inject(trace.setSpan(ROOT_CONTEXT, span), carrier, { set: (c, key, value) => void (c[key] = value) });
    request.meta = { ...request.meta, ...carrier };
  };
  const onDownstreamEnd = (request: DownstreamRequest, end: RequestEnd) => {
    const span = request.slots[SLOT] as Span | undefined;
    if (span) finish(span, end);
  };

  port.requests.on('request:start', onStart);
  port.requests.on('request:end', onEnd);
  port.requests.on('downstream:start', onDownstreamStart);
  port.requests.on('downstream:end', onDownstreamEnd);
  logger.info(`exporting traces to ${options.url}`);

  return {
    close: async () => {
      port.requests.off('request:start', onStart);
      port.requests.off('request:end', onEnd);
      port.requests.off('downstream:start', onDownstreamStart);
      port.requests.off('downstream:end', onDownstreamEnd);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, SHUTDOWN_MS)));
      await Promise.race([provider.shutdown().catch((error: unknown) => logger.warn(`could not export the last spans: ${String(error)}`)), late]);
      clearTimeout(timer);
    },
  };
}

/** `tools/call get-weather`; a method alone when there is no low-cardinality target (URIs are not). */
function spanName(method: string, target: string | undefined): string {
  return target !== undefined && (method === 'tools/call' || method === 'prompts/get') ? `${method} ${target}` : method;
}

function targetAttributes(method: string, target: string | undefined): Attributes {
  if (target === undefined) return {};
  if (method === 'tools/call') return { 'gen_ai.tool.name': target, 'gen_ai.operation.name': 'execute_tool' };
  if (method === 'prompts/get') return { 'gen_ai.prompt.name': target };
  if (method.startsWith('resources/')) return { 'mcp.resource.uri': target };
  return {};
}

function finish(span: Span, end: RequestEnd): void {
  if (end.outcome !== 'ok') {
    span.setAttribute('error.type', end.errorType ?? end.outcome);
    if (end.errorCode !== undefined) span.setAttribute('rpc.response.status_code', String(end.errorCode));
    span.setStatus({ code: SpanStatusCode.ERROR, ...(end.outcome === 'cancelled' && { message: 'cancelled by the host' }) });
  }
  span.end();
}
