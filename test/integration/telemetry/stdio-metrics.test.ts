/**
 * Metrics in stdio mode: the built CLI serves `/metrics` on 127.0.0.1 beside the protocol on
 * stdout (`settings.telemetry.metrics.port`, as `serve --metrics PORT`), and refuses a Host that
 * is not a loopback name.
 */
import { request } from 'node:http';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterEach, describe, expect, it } from 'vitest';
import { connectGateway, eventually, type GatewayClient } from '../../helpers/gateway-client.js';
import { fixture } from '../../helpers/paths.js';

let gateway: GatewayClient | undefined;
afterEach(async () => {
  await gateway?.close();
  gateway = undefined;
});

function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { host } : {} }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('stdio metrics', () => {
  it('serves /metrics on loopback next to stdio, counting the host calls', async () => {
    gateway = await connectGateway(`
settings:
  telemetry:
    metrics: { port: 0 }
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha]
`);
    await gateway.client.callTool({ name: 'alpha__echo', arguments: { x: 1 } });
    const url = await eventually(() => /metrics at (http:\/\/127\.0\.0\.1:\d+\/metrics)/.exec(gateway!.stderr())?.[1], {
      what: 'the metrics address on stderr',
    });
    const { status, body } = await get(url);
    expect(status).toBe(200);
    const requests = parsePrometheusTextFormat(body).find((f) => f.name === 'mcp_switchboard_requests_total');
    const call = requests?.metrics.find((m) => m.labels?.method === 'tools/call' && m.labels.tool === 'alpha__echo');
    expect(call?.labels?.outcome).toBe('ok');
    expect(call?.value).toBe('1');
    expect((await get(url, 'evil.example:80')).status).toBe(403);
    expect((await get(url.replace('/metrics', '/status'))).status).toBe(404);
  });
});
