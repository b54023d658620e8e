/**
 * The server-side SDK seams (src/upstream/sdk-seams.ts) against the installed SDK: each test fails
 * if the SDK changes the internal behaviour the seam relies on.
 */
import { InMemoryTransport, Server } from '@modelcontextprotocol/server';
import { Client } from '@modelcontextprotocol/client';
import { z } from 'zod';
import { afterEach, describe, expect, it } from 'vitest';
import { rawRequestHandlers } from '../../../src/upstream/sdk-seams.js';

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

describe('rawRequestHandlers', () => {
  it('hands the host a tools/call result exactly as returned, fields the SDK does not know included', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { tools: {} } });
    const result = {
      content: [{ type: 'text', text: 'hi', vendorField: { kept: true } }],
      structuredContent: { n: 1 },
      vendorTopLevel: 'kept too',
    };
    rawRequestHandlers(server).set('tools/call', async () => result);
    const client = await connect(server);
    const answer = await client.request({ method: 'tools/call', params: { name: 'x', arguments: {} } }, z.looseObject({}));
    expect(answer).toEqual(result);
  });

  it("is needed: the SDK's own tools/call handling drops content fields it does not know", async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { tools: {} } });
    server.setRequestHandler('tools/call', async () => ({ content: [{ type: 'text', text: 'hi', vendorField: 1 } as { type: 'text'; text: string }] }));
    const client = await connect(server);
    const answer = await client.request({ method: 'tools/call', params: { name: 'x', arguments: {} } }, z.looseObject({}));
    expect(answer).toEqual({ content: [{ type: 'text', text: 'hi' }] });
  });

  it('matches on the method alone: the handler sees params the SDK schema would refuse', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { prompts: {} } });
    const seen: unknown[] = [];
    rawRequestHandlers(server).set('prompts/get', async (request) => {
      seen.push(request);
      return { messages: [] };
    });
    const client = await connect(server);
    await client.request({ method: 'prompts/get', params: { name: 42 } as never }, z.looseObject({}));
    expect(seen).toEqual([expect.objectContaining({ method: 'prompts/get', params: { name: 42 } })]);
  });

  it('replaces the SDK\'s own handler for a method and answers unregistered methods "method not found"', async () => {
    const server = new Server({ name: 'gw', version: '1' }, { capabilities: { logging: {}, prompts: {} } });
    const levels: unknown[] = [];
    rawRequestHandlers(server).set('logging/setLevel', async (request) => {
      levels.push(request);
      return {};
    });
    const client = await connect(server);
    await client.setLoggingLevel('debug');
    expect(levels).toEqual([expect.objectContaining({ params: { level: 'debug' } })]);
    await expect(client.request({ method: 'prompts/list', params: {} }, z.looseObject({}))).rejects.toMatchObject({ code: -32601 });
  });
});
