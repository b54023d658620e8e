/**
 * Both protocol eras on one `/mcp` endpoint at once: a 2026-07-28 host (one request per exchange,
 * no session) next to a 2025-11-25 host (a session), each routed by the SDK's classification.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client, Tool } from '@modelcontextprotocol/client';
import { eventually } from '../../helpers/eventually.js';
import { connectClient, startHttpGateway, TOKEN, type HttpGateway } from './helpers.js';

let gw: HttpGateway;
const clients: Client[] = [];
beforeAll(async () => {
  // Servers are offered elicitation, as `serve --http` offers every client capability.
  gw = await startHttpGateway(undefined, {}, { elicitation: {} });
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await gw.stop();
});

async function host(era: 'legacy' | '2026-07-28', fetchImpl?: typeof fetch, capabilities = {}): Promise<Client> {
  const { client } = await connectClient(gw.url, TOKEN, fetchImpl, era, capabilities);
  clients.push(client);
  return client;
}

describe('both eras over HTTP', () => {
  it('serves a 2026-07-28 host and a 2025-11-25 host side by side', async () => {
    const modern = await host('2026-07-28');
    const legacy = await host('legacy');
    expect(modern.getProtocolEra()).toBe('modern');
    expect(legacy.getProtocolEra()).toBe('legacy');
    const names = async (client: Client) => (await client.listTools()).tools.map((tool: Tool) => tool.name).sort();
    expect(await names(modern)).toEqual(await names(legacy));
    expect(await names(modern)).toContain('alpha__echo');
    const [a, b] = await Promise.all([
      modern.callTool({ name: 'alpha__echo', arguments: { who: 'modern' } }),
      legacy.callTool({ name: 'beta__echo', arguments: { who: 'legacy' } }),
    ]);
    expect(a.structuredContent).toEqual({ who: 'modern' });
    expect(b.structuredContent).toEqual({ who: 'legacy' });
  });

  it('opens no session for a 2026-07-28 host, and puts cache fields on its lists', async () => {
    const bodies: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (response.headers.get('content-type')?.startsWith('application/json')) bodies.push(await response.clone().text());
      return response;
    };
    const before = gw.serving.sessions;
    const modern = await host('2026-07-28', recording);
    await modern.listTools();
    expect(gw.serving.sessions).toBe(before);
    const list = bodies.map((body) => JSON.parse(body) as { result?: { tools?: unknown; ttlMs?: number; cacheScope?: string } }).find((m) => m.result?.tools);
    expect(list?.result).toMatchObject({ ttlMs: 5000, cacheScope: 'private' });
  });

  it("carries a server's elicitation to a 2026-07-28 host as input_required across requests", async () => {
    const modern = await host('2026-07-28', undefined, { elicitation: {} });
    modern.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { name: 'Grace' } }));
    const result = await modern.callTool({ name: 'alpha__elicit', arguments: {} });
    expect(JSON.stringify(result.content)).toContain('Grace');
  });

  it("delivers only the watched resource's updates to a 2026-07-28 listen stream", async () => {
    const modern = await host('2026-07-28');
    const updated: string[] = [];
    modern.setNotificationHandler('notifications/resources/updated', (notification) => void updated.push(notification.params.uri));
    const readme = (await modern.listResources()).resources.find((resource) => resource.uri.endsWith('alpha/readme'))?.uri as string;
    const subscription = await modern.listen({ resourceSubscriptions: [readme] });
    await eventually(async () => JSON.stringify((await modern.callTool({ name: 'alpha__subscriptions', arguments: {} })).content).includes('readme'));
    await modern.callTool({ name: 'alpha__touch', arguments: { uri: 'fixture://alpha/other' } });
    await modern.callTool({ name: 'alpha__touch', arguments: {} });
    await eventually(() => updated.length > 0, { what: 'the readme update' });
    expect(updated).toEqual([readme]);
    await subscription.close();
    // The stream's end releases the owner's subscription.
    await eventually(async () => !JSON.stringify((await modern.callTool({ name: 'alpha__subscriptions', arguments: {} })).content).includes('readme'));
  });

  it('tells a 2026-07-28 listener when the tool list changes', async () => {
    const modern = await host('2026-07-28');
    let changed = 0;
    modern.setNotificationHandler('notifications/tools/list_changed', () => void (changed += 1));
    const subscription = await modern.listen({ toolsListChanged: true });
    expect(subscription.honoredFilter).toMatchObject({ toolsListChanged: true });
    const legacy = await host('legacy');
    await legacy.callTool({ name: 'alpha__add_tool', arguments: {} });
    await eventually(() => changed > 0, { what: 'tools/list_changed on the listen stream' });
    await subscription.close();
  });
});
