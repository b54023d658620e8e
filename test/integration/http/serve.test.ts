/**
 * The gateway served over Streamable HTTP in-process, with real fixture servers behind it,
 * reached by an SDK client the way any HTTP host reaches it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGateway } from './helpers.js';
import { connectClient, startHttpGateway } from './helpers.js';

describe('serving over Streamable HTTP', () => {
  let gw: HttpGateway;

  beforeAll(async () => {
    gw = await startHttpGateway();
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('binds loopback on a free port and reports the URL of /mcp', () => {
    expect(gw.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(gw.serving.port).toBeGreaterThan(0);
  });

  it('lists the merged tools of every server and routes a call to its owner', async () => {
    const { client } = await connectClient(gw.url);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['alpha__echo', 'alpha__tool_1', 'beta__echo']));
    const result = await client.callTool({ name: 'beta__echo', arguments: { text: 'over http' } });
    expect(result.structuredContent).toEqual({ text: 'over http' });
    await client.close();
  });

  it('gives each client its own session and server, and ends it on DELETE', async () => {
    const a = await connectClient(gw.url);
    const b = await connectClient(gw.url);
    expect(a.transport.sessionId).toBeDefined();
    expect(a.transport.sessionId).not.toBe(b.transport.sessionId);
    expect(gw.serving.sessions).toBeGreaterThanOrEqual(2);
    const before = gw.serving.sessions;
    await a.transport.terminateSession();
    expect(gw.serving.sessions).toBe(before - 1);
    expect((await b.client.listTools()).tools.length).toBeGreaterThan(0);
    await a.client.close();
    await b.client.close();
  });
});
