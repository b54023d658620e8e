/**
 * A server's deeply nested data neither crashes nor hangs the gateway: a result nested 100,000
 * deep reaches the host as an error for that call, and the server and its neighbour keep serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Gateway } from '../../../src/gateway.js';
import { connectHost, startGateway } from '../../helpers/in-process.js';
import { FAULT_FIXTURE } from './helpers.js';

const gateways: Gateway[] = [];
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.stop()));
});

describe('deeply nested data from a server', () => {
  it('answers a call whose result nests 100,000 deep with an error, and keeps serving that server and the next', async () => {
    const gateway = await startGateway(`
servers:
  deep: { command: node, args: [${JSON.stringify(FAULT_FIXTURE)}, --name, deep] }
  calm: { command: node, args: [${JSON.stringify(FAULT_FIXTURE)}, --name, calm] }
`);
    gateways.push(gateway);
    const host = await connectHost(gateway);
    const refused = await host.client.callTool({ name: 'deep__deep', arguments: { depth: 100_000 } }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ message: expect.stringContaining('nested deeper than 512 levels') });
    // Shallow data still goes through, from the same server and from its neighbour.
    await expect(host.client.callTool({ name: 'deep__deep', arguments: { depth: 10 } })).resolves.toMatchObject({ content: [{ text: 'deep' }] });
    await expect(host.client.callTool({ name: 'calm__echo', arguments: { ok: 1 } })).resolves.toMatchObject({ structuredContent: { ok: 1 } });
    expect(gateway.statuses().map((s) => s.state)).toEqual(['ready', 'ready']);
    await host.client.close();
  });
});
