/**
 * `/metrics` on the HTTP gateway, scraped over loopback and read with a real Prometheus text
 * parser: request counts by method, server, tool and outcome, latency histograms, server and list
 * figures, sessions; behind the bearer token unless `auth: none`; bounded labels.
 */
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../src/config/index.js';
import { Gateway } from '../../../src/gateway.js';
import { startHttpServer, type HttpServing } from '../../../src/upstream/http/server.js';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { FIXTURE_CATALOG, TOKEN, connectClient } from '../http/helpers.js';

let stops: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

async function serve(yaml: string, metricsAuth: 'token' | 'none' = 'token', metrics = true): Promise<{ gateway: Gateway; serving: HttpServing; base: string }> {
  const catalog = await loadCatalog(await writeCatalog(yaml), process.env);
  const gateway = new Gateway(catalog, { telemetry: { metrics } });
  await gateway.telemetryReady();
  const started = gateway.start();
  const serving = await startHttpServer(gateway, { tokens: [TOKEN], started, metricsAuth });
  await started;
  stops.push(async () => {
    await serving.close();
    await gateway.stop();
  });
  return { gateway, serving, base: serving.url.replace(/\/mcp$/, '') };
}

async function scrape(base: string, token: string | null = TOKEN) {
  const response = await fetch(`${base}/metrics`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.text();
  return { response, text };
}

function family(text: string, name: string) {
  const found = parsePrometheusTextFormat(text).find((f) => f.name === name);
  if (!found) throw new Error(`no metric family ${name} in the scrape`);
  return found;
}

function sample(text: string, name: string, labels: Record<string, string>) {
  return family(text, name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
}

describe('/metrics', () => {
  it('counts requests by method, server, tool and outcome, with latency histograms', async () => {
    const { base } = await serve(FIXTURE_CATALOG);
    const { client } = await connectClient(`${base}/mcp`);
    await client.callTool({ name: 'alpha__echo', arguments: { n: 1 } });
    await client.callTool({ name: 'alpha__echo', arguments: { n: 2 } });
    await client.callTool({ name: 'beta__fail', arguments: {} });
    await expect(client.callTool({ name: 'gamma__nothing', arguments: {} })).rejects.toThrow();
    await client.listTools();
    await client.close();

    const { response, text } = await scrape(base);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const requests = family(text, 'mcp_switchboard_requests_total');
    expect(requests.type).toBe('COUNTER');
    expect(sample(text, 'mcp_switchboard_requests_total', { method: 'tools/call', server: 'alpha', tool: 'alpha__echo', outcome: 'ok' })?.value).toBe('2');
    expect(sample(text, 'mcp_switchboard_requests_total', { method: 'tools/call', server: 'beta', tool: 'beta__fail', outcome: 'tool_error' })?.value).toBe(
      '1',
    );
    // A name that routes nowhere is never a label value of its own.
    expect(sample(text, 'mcp_switchboard_requests_total', { method: 'tools/call', server: 'none', tool: 'other', outcome: 'error' })?.value).toBe('1');
    expect(requests.metrics.some((m) => m.labels?.tool === 'gamma__nothing')).toBe(false);
    expect(sample(text, 'mcp_switchboard_requests_total', { method: 'tools/list', outcome: 'ok' })?.value).toBe('1');

    const latency = family(text, 'mcp_switchboard_request_duration_seconds');
    expect(latency.type).toBe('HISTOGRAM');
    expect(latency.metrics[0]?.buckets?.['+Inf']).toBeDefined();
    // The parser folds a labelled histogram's series into one; the per-series count is read off its line.
    expect(text).toMatch(/^mcp_switchboard_request_duration_seconds_count\{method="tools\/call",server="alpha",tool="alpha__echo"\} 2$/m);
    expect(text).toMatch(/^mcp_switchboard_request_duration_seconds_bucket\{le="\+Inf",method="tools\/call",server="alpha",tool="alpha__echo"\} 2$/m);
    const downstream = sample(text, 'mcp_switchboard_downstream_requests_total', { server: 'alpha', method: 'tools/call', outcome: 'ok' });
    expect(downstream?.value).toBe('2');
    expect(Number(sample(text, 'mcp_switchboard_payload_bytes_total', { method: 'tools/call', server: 'alpha', direction: 'out' })?.value)).toBeGreaterThan(0);
    expect(sample(text, 'mcp_switchboard_requests_in_flight', { method: 'tools/call' })?.value).toBe('0');
  });

  it('reports servers, breakers, queues, restarts, list sizes and sessions as they are at the scrape', async () => {
    const { base } = await serve(FIXTURE_CATALOG);
    const { client } = await connectClient(`${base}/mcp`);
    const { text } = await scrape(base);
    expect(sample(text, 'mcp_switchboard_server_up', { server: 'alpha' })?.value).toBe('1');
    expect(sample(text, 'mcp_switchboard_server_state', { server: 'beta', state: 'ready' })?.value).toBe('1');
    expect(sample(text, 'mcp_switchboard_server_state', { server: 'beta', state: 'failed' })?.value).toBe('0');
    expect(sample(text, 'mcp_switchboard_server_breaker', { server: 'alpha', state: 'closed' })?.value).toBe('1');
    expect(sample(text, 'mcp_switchboard_server_queue_depth', { server: 'alpha' })?.value).toBe('0');
    expect(sample(text, 'mcp_switchboard_server_restarts_total', { server: 'alpha' })?.value).toBe('0');
    const listed = (await client.listTools()).tools.length;
    expect(sample(text, 'mcp_switchboard_advertised_items', { kind: 'tools' })?.value).toBe(String(listed));
    expect(Number(sample(text, 'mcp_switchboard_server_items', { server: 'alpha', kind: 'tools' })?.value)).toBeGreaterThan(0);
    expect(family(text, 'mcp_switchboard_sessions').metrics[0]?.value).toBe('1');
    await client.close();
  });

  it('takes the bearer token unless metrics.auth is none, and is 404 when metrics are off', async () => {
    const guarded = await serve(FIXTURE_CATALOG);
    expect((await scrape(guarded.base, null)).response.status).toBe(401);
    expect((await scrape(guarded.base, 'wrong-token-0123456789abcdef')).response.status).toBe(401);
    const open = await serve(FIXTURE_CATALOG, 'none');
    const scraped = await scrape(open.base, null);
    expect(scraped.response.status).toBe(200);
    expect(family(scraped.text, 'mcp_switchboard_server_up').metrics).toHaveLength(2);
    const off = await serve(FIXTURE_CATALOG, 'token', false);
    expect((await scrape(off.base)).response.status).toBe(404);
  });
});
