/**
 * Servers of either protocol era behind one gateway: a 2025-11-25-only server, a 2026-07-28-only
 * one (the SDK's serveStdio entry refusing `initialize`) and one serving both, with `era` from
 * the catalog; the probe of `era: auto` happens once per server, not once per start.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Tool } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { Gateway } from '../../../src/gateway.js';
import { connectGateway, eventually, type GatewayClient } from '../../helpers/gateway-client.js';
import { connectHost, startGateway } from '../../helpers/in-process.js';
import { fixture } from '../../helpers/paths.js';

const server = (id: string, era: string, extra = '') => `
  ${id}:
    command: ${process.execPath}
    args: [${fixture('fixture-server')}, --name, ${id}, --era, ${era}]
${extra}`;

const CATALOG = `servers:${server('old', 'legacy')}${server('new', 'modern')}${server('both', 'both', '    era: legacy')}`;

const LooseResult = z.looseObject({});

const gateways: Gateway[] = [];
const hosts: GatewayClient[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
});

async function inProcess(yaml: string): Promise<Gateway> {
  const gateway = await startGateway(yaml);
  gateways.push(gateway);
  return gateway;
}

const protocolOf = (gateway: Gateway, id: string) => gateway.statuses().find((status) => status.serverId === id)?.protocolVersion;
const statusOf = (gateway: Gateway, id: string) => gateway.statuses().find((status) => status.serverId === id);

describe('servers of both eras', () => {
  it('speaks to each server in its era: probed (auto), or as the catalog says', async () => {
    const gateway = await inProcess(CATALOG);
    expect(protocolOf(gateway, 'old')).toBe('2025-11-25');
    expect(protocolOf(gateway, 'new')).toBe('2026-07-28');
    // `both` would answer the probe; `era: legacy` in the catalog skips it.
    expect(protocolOf(gateway, 'both')).toBe('2025-11-25');
    expect(statusOf(gateway, 'both')?.stderrTail.join('\n')).not.toMatch(/probed/);
    const host = await connectHost(gateway);
    for (const id of ['old', 'new', 'both']) {
      const result = await host.client.callTool({ name: `${id}__echo`, arguments: { id } });
      expect(result.structuredContent).toEqual({ id });
      // A 2026-07-28 server's identity stamp stays behind the gateway.
      expect(result._meta?.['io.modelcontextprotocol/serverInfo']).toBeUndefined();
    }
  });

  it('remembers the verdict: a restarted 2026-07-28 server is not probed again', async () => {
    const gateway = await inProcess(`servers:${server('new', 'modern', '    restart: { initialDelay: 10 }')}`);
    const first = statusOf(gateway, 'new');
    expect(first?.stderrTail.join('\n')).toMatch(/probed/);
    process.kill(first?.pid as number, 'SIGKILL');
    await eventually(() => statusOf(gateway, 'new')?.state === 'ready' && statusOf(gateway, 'new')?.pid !== first?.pid, { what: 'the restart' });
    expect(protocolOf(gateway, 'new')).toBe('2026-07-28');
    expect(statusOf(gateway, 'new')?.stderrTail.join('\n')).not.toMatch(/probed/);
  });

  it("subscribes to a 2026-07-28 server's resource with a listen stream and relays its updates", async () => {
    const gateway = await inProcess(`servers:${server('new', 'modern')}`);
    const host = await connectHost(gateway);
    const readme = (await host.client.listResources()).resources.find((resource) => resource.uri.endsWith('new/readme'))?.uri as string;
    // Answered once the server acknowledged the listen stream for it.
    await host.client.subscribeResource({ uri: readme });
    await host.client.callTool({ name: 'new__touch', arguments: {} });
    await eventually(() => host.notifications.some((n) => n.method === 'notifications/resources/updated' && (n.params as { uri?: string }).uri === readme), {
      what: 'resources/updated with the advertised URI',
    });
  });

  it('relays list changes from a 2026-07-28 server (its listen stream) to hosts', async () => {
    const gateway = await inProcess(`servers:${server('new', 'modern')}`);
    const host = await connectHost(gateway);
    await host.client.callTool({ name: 'new__add_tool', arguments: {} });
    await eventually(async () => (await host.client.listTools()).tools.some((tool: Tool) => tool.name.startsWith('new__added_')), { what: 'the added tool' });
  });

  it("answers a 2026-07-28 server's input_required by asking the 2025-11-25 host whose call it is", async () => {
    const gateway = await startGateway(`servers:${server('new', 'modern')}${server('both', 'both', '    era: legacy')}`, { elicitation: {} });
    gateways.push(gateway);
    const host = await connectHost(gateway, { elicitation: {} });
    const asked: string[] = [];
    host.client.setRequestHandler('elicitation/create', async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { ok: true } };
    });
    // `new` returns input_required (the gateway's client answers it through the host and retries);
    // `both`, spoken to in 2025-11-25, sends the host an elicitation request (relayed as always).
    for (const id of ['new', 'both']) {
      const result = await host.client.callTool({ name: `${id}__confirm`, arguments: {} });
      expect(result.content).toEqual([{ type: 'text', text: 'answer: accept {"ok":true}' }]);
    }
    expect(asked).toEqual(['Confirm?', 'Confirm?']);
  });

  it("passes a 2026-07-28 server's input_required to a 2026-07-28 host as it is, and the host's answer back", async () => {
    const host = await connectGateway(CATALOG, { era: '2026-07-28', capabilities: { elicitation: {} } });
    hosts.push(host);
    await eventually(async () => (await host.client.listTools()).tools.some((tool: Tool) => tool.name === 'new__confirm'), { what: 'new__confirm' });
    const call = (params: Record<string, unknown>) =>
      host.client.request({ method: 'tools/call', params: { name: 'new__confirm', arguments: {}, ...params } }, LooseResult, { allowInputRequired: true });

    // The server's own question key (the gateway's bridge would say q0) and no state of the gateway's.
    const asked = await call({});
    expect(asked).toMatchObject({ resultType: 'input_required', inputRequests: { confirm: { method: 'elicitation/create' } } });
    expect(asked.requestState).toBeUndefined();
    const answered = await call({ inputResponses: { confirm: { action: 'accept', content: { ok: true } } } });
    expect(answered.content).toEqual([{ type: 'text', text: 'answer: accept {"ok":true}' }]);
  });

  it('refuses to pass on a question the 2026-07-28 host could not answer, naming the capability', async () => {
    const host = await connectGateway(CATALOG, { era: '2026-07-28', capabilities: {} });
    hosts.push(host);
    await eventually(async () => (await host.client.listTools()).tools.some((tool: Tool) => tool.name === 'new__confirm'), { what: 'new__confirm' });
    const call = host.client.request({ method: 'tools/call', params: { name: 'new__confirm', arguments: {} } }, LooseResult, { allowInputRequired: true });
    await expect(call).rejects.toMatchObject({ code: -32021, data: { requiredCapabilities: { elicitation: {} } } });
  });

  it('serves a 2026-07-28-only and a 2025-11-25-only server behind one host of either era', async () => {
    for (const era of ['legacy', '2026-07-28'] as const) {
      const host = await connectGateway(CATALOG, { era, capabilities: { elicitation: {} } });
      hosts.push(host);
      host.client.setRequestHandler('elicitation/create', async () => ({ action: 'accept', content: { ok: era } }));
      await eventually(async () => (await host.client.listTools()).tools.filter((tool: Tool) => tool.name.endsWith('__echo')).length === 3, {
        what: `three echo tools for a ${era} host`,
      });
      for (const id of ['old', 'new']) {
        const result = await host.client.callTool({ name: `${id}__echo`, arguments: { era } });
        expect(result.structuredContent).toEqual({ era });
      }
      // All four cells of a question asked mid-call: `new` asks with input_required, `both`
      // (spoken to in 2025-11-25) with an elicitation request; either reaches either host.
      for (const id of ['new', 'both']) {
        const confirmed = await host.client.callTool({ name: `${id}__confirm`, arguments: {} });
        expect(confirmed.content).toEqual([{ type: 'text', text: `answer: accept {"ok":"${era}"}` }]);
      }
    }
  });
});
