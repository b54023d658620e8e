/**
 * Both protocol eras on the gateway's stdio side: a 2026-07-28 host (SDK client pinned to the new
 * era, so it opens with `server/discover` and sends the per-request envelope) and a 2025-11-25
 * host against the same gateway CLI, a real child process.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/client';
import { connectGateway, eventually, type GatewayClient } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';

const open: GatewayClient[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((host) => host.close()));
});

const catalog = (extra = '') => `
servers:
  fx:
    command: ${process.execPath}
    args: [${fixture('fixture-server')}, --name, fx, --tools, "2", --prompts, "1"]
${extra}`;

async function host(yaml: string, era: 'legacy' | '2026-07-28'): Promise<GatewayClient> {
  const connected = await connectGateway(yaml, { era });
  open.push(connected);
  return connected;
}

describe('the gateway over stdio, both eras', () => {
  it('serves a 2026-07-28 host: discover, lists and calls under the advertised names', async () => {
    const modern = await host(catalog(), '2026-07-28');
    expect(modern.client.getProtocolEra()).toBe('modern');
    expect(modern.client.getNegotiatedProtocolVersion()).toBe('2026-07-28');
    const discovered = modern.client.getDiscoverResult();
    expect(discovered?.supportedVersions).toContain('2026-07-28');
    expect(discovered?.capabilities).toMatchObject({ tools: { listChanged: true } });
    await eventually(async () => (await modern.client.listTools()).tools.some((tool: Tool) => tool.name === 'fx__echo'));
    const result = await modern.client.callTool({ name: 'fx__echo', arguments: { text: 'hello' } });
    expect(result.structuredContent).toEqual({ text: 'hello' });
    expect((await modern.client.listPrompts()).prompts.map((prompt) => prompt.name)).toContain('fx__prompt_0');
  });

  it('puts private, short-lived cache fields on 2026-07-28 lists and on discover', async () => {
    const modern = await host(catalog(), '2026-07-28');
    await eventually(async () => (await modern.client.listTools()).tools.length > 0);
    const page = (await modern.client.request({ method: 'tools/list', params: {} })) as unknown as Record<string, unknown>;
    expect(page).toMatchObject({ ttlMs: 5000, cacheScope: 'private' });
    expect(modern.client.getDiscoverResult()).toMatchObject({ ttlMs: 5000, cacheScope: 'private' });
  });

  it('answers discover at once while a server is still starting, without waiting for it', async () => {
    const stuck = `  stuck:
    command: ${process.execPath}
    args: [${fixture('fixture-server')}, --name, stuck, --hang-init]
    connectTimeout: 600000
`;
    const modern = await host(catalog(stuck), '2026-07-28');
    expect(modern.client.getDiscoverResult()?.capabilities).toMatchObject({ tools: {}, prompts: {}, resources: {} });
    // The stuck server is still connecting: its tools are not there, the other server's are.
    await eventually(async () => (await modern.client.listTools()).tools.some((tool: Tool) => tool.name === 'fx__echo'));
    expect((await modern.client.listTools()).tools.some((tool: Tool) => tool.name.startsWith('stuck__'))).toBe(false);
  });

  it("bridges a 2025-11-25 server's elicitation and sampling into input_required for a 2026-07-28 host", async () => {
    const modern = await connectGateway(catalog(), { era: '2026-07-28', capabilities: { elicitation: {}, sampling: {} } });
    open.push(modern);
    const asked: string[] = [];
    modern.client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { name: 'Ada' } };
    });
    modern.client.setRequestHandler('sampling/createMessage', async () => {
      asked.push('sampling');
      return { role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'test' };
    });
    await eventually(async () => (await modern.client.listTools()).tools.some((tool: Tool) => tool.name === 'fx__elicit'));
    // The fixture is spoken to in 2025-11-25 and asks with a request; the host's SDK client
    // answers the gateway's input_required with its handlers and retries.
    const elicited = await modern.client.callTool({ name: 'fx__elicit', arguments: {} });
    expect(JSON.stringify(elicited.content)).toContain('Ada');
    const sampled = await modern.client.callTool({ name: 'fx__sample', arguments: {} });
    expect(JSON.stringify(sampled.content)).toContain('sampled');
    expect(asked).toHaveLength(2);
  });

  it('delivers resource updates to a 2026-07-28 listen stream for the URIs it asked for, and no others', async () => {
    const yaml = `
servers:
  fx:
    command: ${process.execPath}
    args: [${fixture('fixture-server')}, --name, fx, --resources, "2"]
`;
    const modern = await host(yaml, '2026-07-28');
    const resources = await eventually(async () => {
      const listed = (await modern.client.listResources()).resources.filter((resource) => resource.uri.includes('/res_'));
      return listed.length >= 2 ? listed : undefined;
    });
    const [watched, other] = resources.map((resource) => resource.uri);
    const updated: string[] = [];
    modern.client.setNotificationHandler('notifications/resources/updated', (notification) => void updated.push(notification.params.uri));
    const subscription = await modern.client.listen({ resourceSubscriptions: [watched as string] });
    // The owner is subscribed behind the stream (the fixture lists what its client subscribed to).
    await eventually(async () => JSON.stringify((await modern.client.callTool({ name: 'fx__subscriptions', arguments: {} })).content).includes('res_0'));
    const touch = async (uri: string | undefined) => modern.client.callTool({ name: 'fx__touch', arguments: { uri: uri?.replace(/^.*?(fixture:)/, '$1') } });
    await touch(other);
    await touch(watched);
    await eventually(() => updated.length > 0, { what: 'the update of the watched URI' });
    expect(updated).toEqual([watched]);
    await subscription.close();
  });

  it('still serves a 2025-11-25 host with initialize and unprompted list_changed', async () => {
    const legacy = await host(catalog(), 'legacy');
    expect(legacy.client.getProtocolEra()).toBe('legacy');
    expect(legacy.client.getNegotiatedProtocolVersion()).toBe('2025-11-25');
    await eventually(async () => (await legacy.client.listTools()).tools.some((tool: Tool) => tool.name === 'fx__echo'));
    const result = await legacy.client.callTool({ name: 'fx__echo', arguments: { text: 'hi' } });
    expect(result.structuredContent).toEqual({ text: 'hi' });
  });
});
