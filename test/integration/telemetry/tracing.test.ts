/**
 * OpenTelemetry traces against an in-process OTLP/HTTP receiver: a SERVER span per host request
 * whose parent is the host's `traceparent`, a CLIENT child per downstream request, the MCP
 * semantic-convention attributes, and the child's trace context in the `_meta` the server gets.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/config/index.js';
import { Gateway } from '../../../src/gateway.js';
import { startHttpServer } from '../../../src/upstream/http/server.js';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { fixture } from '../../helpers/paths.js';
import { TOKEN, connectClient } from '../http/helpers.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const HOST_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const HOST_SPAN = '00f067aa0ba902b7';

let receiver: OtlpReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

function catalogFor(traces: string): string {
  return `
settings:
  telemetry:
    traces: ${traces}
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha, --echo-meta]
`;
}

async function serve(yaml: string, env: NodeJS.ProcessEnv = {}) {
  const catalog = await loadCatalog(await writeCatalog(yaml), process.env);
  const gateway = new Gateway(catalog, { telemetry: { env } });
  await gateway.telemetryReady();
  const started = gateway.start();
  const serving = await startHttpServer(gateway, { tokens: [TOKEN], started });
  await started;
  return { gateway, serving, stop: async () => (await serving.close(), await gateway.stop()) };
}

function only(spans: ReceivedSpan[], predicate: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(predicate);
  if (found.length !== 1) throw new Error(`expected one span, got ${found.length}: ${JSON.stringify(spans.map((s) => s.name))}`);
  return found[0]!;
}

describe('traces', () => {
  it('exports a host span under the host traceparent and a downstream child whose context reaches the server', async () => {
    receiver = await startOtlpReceiver();
    const { serving, stop } = await serve(catalogFor(`{ enabled: true, endpoint: "${receiver.url}", serviceName: switchboard-test }`));
    const { client, transport } = await connectClient(serving.url);
    const result = await client.callTool({
      name: 'alpha__meta',
      arguments: {},
      _meta: { traceparent: `00-${HOST_TRACE}-${HOST_SPAN}-01`, tracestate: 'vendor=1' },
    });
    const seen = JSON.parse((result.content as Array<{ text: string }>)[0]!.text) as { traceparent?: string; tracestate?: string };
    await client.callTool({ name: 'alpha__fail', arguments: {} });
    const sessionId = transport.sessionId;
    await client.close();
    await stop(); // flushes the batch of spans

    const spans = receiver.spans;
    const host = only(spans, (s) => s.name === 'tools/call alpha__meta');
    const child = only(spans, (s) => s.name === 'tools/call meta');
    expect(host.kind).toBe(2);
    expect(host.traceId).toBe(HOST_TRACE);
    expect(host.parentSpanId).toBe(HOST_SPAN);
    expect(host.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'alpha__meta',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.session.id': sessionId,
      'mcp.protocol.version': '2025-11-25',
      'jsonrpc.request.id': expect.any(String),
      'mcp_switchboard.server.id': 'alpha',
    });
    expect(host.resource['service.name']).toBe('switchboard-test');
    expect(child.kind).toBe(3);
    expect(child.traceId).toBe(HOST_TRACE);
    expect(child.parentSpanId).toBe(host.spanId);
    expect(child.attributes).toMatchObject({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'meta', 'mcp_switchboard.server.id': 'alpha' });
    // The server got the child's context, not the host's: its trace, the child span as parent.
    expect(seen.traceparent).toBe(`00-${HOST_TRACE}-${child.spanId}-01`);
    expect(seen.tracestate).toBe('vendor=1');

    const failed = only(spans, (s) => s.name === 'tools/call alpha__fail');
    expect(failed.attributes['error.type']).toBe('tool_error');
    expect(failed.status?.code).toBe(2);
    expect(failed.traceId).not.toBe(HOST_TRACE); // no traceparent: a trace of its own
    expect(receiver.contentTypes.every((type) => type.startsWith('application/json'))).toBe(true);
  });

  it('is turned on by the standard OTEL variables, and names an error a routing failure caused', async () => {
    receiver = await startOtlpReceiver();
    const { serving, stop } = await serve(catalogFor('{}'), { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url.replace(/\/v1\/traces$/, '') });
    const { client } = await connectClient(serving.url);
    await expect(client.callTool({ name: 'alpha__nothing', arguments: {} })).rejects.toThrow();
    await client.close();
    await stop();
    const span = only(receiver.spans, (s) => s.name === 'tools/call alpha__nothing');
    expect(span.attributes['error.type']).toBe('UNKNOWN_NAME');
    expect(span.attributes['rpc.response.status_code']).toBe('-32602');
    expect(receiver.spans.some((s) => s.kind === 3)).toBe(false);
  });

  it('stays off when nothing asks for it, and the host traceparent then reaches the server untouched', async () => {
    receiver = await startOtlpReceiver();
    const { serving, stop } = await serve(catalogFor('{}'), { OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    const { client } = await connectClient(serving.url);
    const traceparent = `00-${HOST_TRACE}-${HOST_SPAN}-01`;
    const result = await client.callTool({ name: 'alpha__meta', arguments: {}, _meta: { traceparent } });
    expect(JSON.parse((result.content as Array<{ text: string }>)[0]!.text)).toMatchObject({ traceparent });
    await client.close();
    await stop();
    expect(receiver.spans).toEqual([]);
  });
});
