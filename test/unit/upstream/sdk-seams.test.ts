/**
 * The server-side SDK seams (src/upstream/sdk-seams.ts) against the installed SDK: each test fails
 * if the SDK changes the internal behaviour the seam relies on.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { adjustInitialize, setRawRequestHandler } from '../../../src/upstream/sdk-seams.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((party) => party.close()));
});

async function connect(server: Server, client = new Client({ name: 'host', version: '1.2.3' }, { capabilities: { sampling: {}, roots: {} } })) {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  open.push(client, server);
  return client;
}

describe('setRawRequestHandler', () => {
  it('hands the host a tools/call result exactly as returned, fields the SDK does not know included', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { tools: {} } });
    const result = {
      content: [{ type: 'text', text: 'hi', vendorField: { kept: true } }],
      structuredContent: { n: 1 },
      vendorTopLevel: 'kept too',
    };
    setRawRequestHandler(server, 'tools/call', async () => result);
    const client = await connect(server);
    const answer = await client.request({ method: 'tools/call', params: { name: 'x', arguments: {} } }, z.looseObject({}));
    expect(answer).toEqual(result);
  });

  it('matches on the method alone: the handler sees params the SDK schema would refuse', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { prompts: {} } });
    const seen: unknown[] = [];
    setRawRequestHandler(server, 'prompts/get', async (request) => {
      seen.push(request);
      return { messages: [] };
    });
    const client = await connect(server);
    await client.request({ method: 'prompts/get', params: { name: 42 } as never }, z.looseObject({}));
    expect(seen).toEqual([expect.objectContaining({ method: 'prompts/get', params: { name: 42 } })]);
  });

  it('still applies the SDK capability check', () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: {} });
    expect(() => setRawRequestHandler(server, 'tools/call', async () => ({}))).toThrow(/tools/);
  });
});

describe('adjustInitialize', () => {
  it('answers with the adjusted result while the SDK still records the host and negotiates the version', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { tools: {} } });
    const requests: string[] = [];
    adjustInitialize(server, (request, result) => {
      requests.push(request.params.clientInfo.name);
      return { ...result, capabilities: { prompts: { listChanged: true } } };
    });
    const client = await connect(server);
    expect(requests).toEqual(['host']);
    expect(client.getServerCapabilities()).toEqual({ prompts: { listChanged: true } });
    expect(client.getServerVersion()).toEqual({ name: 'gw', version: '1' });
    expect(server.getClientCapabilities()).toEqual({ sampling: {}, roots: {} });
    expect(server.getClientVersion()).toEqual({ name: 'host', version: '1.2.3' });
  });

  it('says which file to update when the SDK no longer has the internal it wraps', () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: {} });
    Object.defineProperty(server, '_oninitialize', { value: undefined });
    expect(() => adjustInitialize(server, (_request, result) => result)).toThrow(/src\/upstream\/sdk-seams\.ts/);
  });
});
