/**
 * One honest tool set per host over HTTP: the downstream connection is shared and offered every
 * client capability the gateway relays, the server lists some tools only because of that, and
 * each host session is offered what its own capabilities earn (2025-11-25 at initialize,
 * 2026-07-28 per request); a call that needs a capability the host lacks gets the error naming it.
 */
import type { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../helpers/paths.js';
import { connectClient, startHttpGateway, TOKEN, type HttpGateway } from './helpers.js';

const CATALOG = `
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha, --gated]
  beta:
    command: node
    args: [${fixture('fixture-server')}, --name, beta, --gated, --era, both]
`;
const ALL = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };
const GATED = ['alpha__needs_sampling', 'alpha__needs_url_elicitation', 'beta__needs_sampling', 'beta__needs_url_elicitation'];

async function toolNames(client: Client): Promise<string[]> {
  return (await client.listTools()).tools.map((tool) => tool.name);
}

describe('tools offered per host capabilities over HTTP', () => {
  let http: HttpGateway;
  let rich: Client;
  let plain: Client;

  beforeAll(async () => {
    http = await startHttpGateway(CATALOG, {}, ALL);
    rich = (await connectClient(http.url, TOKEN, undefined, 'legacy', { sampling: {}, elicitation: { form: {}, url: {} } })).client;
    rich.setRequestHandler('sampling/createMessage', async () => ({ role: 'assistant', content: { type: 'text', text: 'rich sampled' }, model: 'rich' }));
    plain = (await connectClient(http.url, TOKEN, undefined, 'legacy', {})).client;
  });
  afterAll(async () => {
    await Promise.allSettled([rich?.close(), plain?.close()]);
    await http?.stop();
  });

  it('learns which tools a server of either era lists only with a capability', () => {
    for (const id of ['alpha', 'beta']) {
      const status = http.gateway.statuses().find((s) => s.serverId === id);
      expect(status?.protocolVersion).toBe(id === 'alpha' ? '2025-11-25' : '2026-07-28');
      expect(status?.toolAccount.needsCapability.map(({ name, needs }) => `${name}:${needs.join('+')}`)).toEqual([
        'needs_sampling:sampling',
        'needs_url_elicitation:elicitation.url',
      ]);
      expect(status?.toolAccount.offered).toEqual(['sampling', 'elicitation', 'elicitation.url', 'roots']);
    }
  });

  it('offers each of two connected 2025-11-25 hosts the list its capabilities earn', async () => {
    const [richTools, plainTools] = await Promise.all([toolNames(rich), toolNames(plain)]);
    expect(richTools).toEqual(expect.arrayContaining(GATED));
    expect(plainTools.filter((name) => GATED.includes(name))).toEqual([]);
    // Everything else is the same for both.
    expect(richTools.filter((name) => !GATED.includes(name))).toEqual(plainTools);
  });

  it('serves the sampling call of the host that can answer, and refuses the other naming the capability', async () => {
    const served = await rich.callTool({ name: 'alpha__needs_sampling', arguments: {} });
    expect(JSON.stringify(served.content)).toContain('rich sampled');
    const refused = await plain.callTool({ name: 'alpha__needs_sampling', arguments: {} }).then(
      (result) => JSON.stringify(result.content),
      (error: Error) => error.message,
    );
    expect(refused).toMatch(/did not declare the `sampling` client capability/);
  });

  it('offers a 2026-07-28 host the tools the capabilities of its own list request earn', async () => {
    const modernRich = (await connectClient(http.url, TOKEN, undefined, '2026-07-28', { sampling: {} })).client;
    const modernPlain = (await connectClient(http.url, TOKEN, undefined, '2026-07-28', {})).client;
    try {
      const [richTools, plainTools] = await Promise.all([toolNames(modernRich), toolNames(modernPlain)]);
      expect(richTools.filter((name) => GATED.includes(name))).toEqual(['alpha__needs_sampling', 'beta__needs_sampling']);
      expect(plainTools.filter((name) => GATED.includes(name))).toEqual([]);
      // The call is answered in the host's own request: -32021, the capability named.
      const refused = await modernPlain.callTool({ name: 'alpha__needs_sampling', arguments: {} }).then(
        (result) => JSON.stringify(result),
        (error: Error & { code?: number }) => `${error.code} ${error.message}`,
      );
      expect(refused).toMatch(/-32021.*sampling/s);
    } finally {
      await Promise.allSettled([modernRich.close(), modernPlain.close()]);
    }
  });
});
