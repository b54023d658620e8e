import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';
import { Gateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/log.js';
import type { HttpServing } from '../../../src/upstream/http/server.js';
import { startHttpServer } from '../../../src/upstream/http/server.js';
import { eventually } from '../../helpers/gateway-client.js';
import { connectHost } from '../../helpers/in-process.js';
import { fixture, ROOT } from '../../helpers/paths.js';
import { OTHER_TOKEN, TOKEN } from './helpers.js';

const CATALOG = `
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha]
`;
const CAPS = { sampling: {}, elicitation: { form: {} }, roots: {} };
const text = (result: unknown) => JSON.stringify((result as { content: unknown }).content);

interface SamplingHost {
  client: Client;
  /** Prompts this host was asked to sample. */
  asked: string[];
}

async function connectSamplingHost(url: string, token: string, name: string): Promise<SamplingHost> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
  const client = new Client({ name, version: '1.0.0' }, { capabilities: CAPS });
  const asked: string[] = [];
  client.setRequestHandler('sampling/createMessage', async (request) => {
    asked.push(JSON.stringify(request.params.messages));
    return { role: 'assistant', content: { type: 'text', text: `${name} sampled` }, model: name };
  });
  await client.connect(transport);
  return { client, asked };
}

describe('server→client requests over HTTP, two sessions', () => {
  const logs: string[] = [];
  let gateway: Gateway;
  let serving: HttpServing;
  let a: SamplingHost;
  let b: SamplingHost;

  beforeAll(async () => {
    gateway = new Gateway(parseCatalog(CATALOG, { env: process.env, cwd: ROOT }), { logger: createLogger({ write: (line) => void logs.push(line) }) });
    const started = gateway.start(CAPS);
    serving = await startHttpServer(gateway, { tokens: [TOKEN, OTHER_TOKEN], started });
    await started;
    a = await connectSamplingHost(serving.url, TOKEN, 'host-a');
    b = await connectSamplingHost(serving.url, OTHER_TOKEN, 'host-b');
  });
  afterAll(async () => {
    await Promise.allSettled([a?.client.close(), b?.client.close()]);
    await serving?.close();
    await gateway?.stop();
  });

  it("sends A's sampling to A only while B is connected but idle", async () => {
    a.asked.length = b.asked.length = 0;
    expect(text(await a.client.callTool({ name: 'alpha__sample', arguments: { prompt: 'for A' } }))).toContain('host-a sampled');
    expect(a.asked.join()).toContain('for A');
    expect(b.asked).toEqual([]);
  });

  it('answers a host without sampling with an error naming the capability, while a sampling host is served', async () => {
    const transport = new StreamableHTTPClientTransport(new URL(serving.url), { requestInit: { headers: { Authorization: `Bearer ${OTHER_TOKEN}` } } });
    const plain = new Client({ name: 'no-sampling', version: '1.0.0' }, { capabilities: {} });
    await plain.connect(transport);
    try {
      const refused = await plain.callTool({ name: 'alpha__sample', arguments: { prompt: 'x' } }).then(text, (error: Error) => error.message);
      expect(refused).toMatch(/did not declare the `sampling` client capability/);
      expect(text(await a.client.callTool({ name: 'alpha__sample', arguments: { prompt: 'still A' } }))).toContain('host-a sampled');
    } finally {
      await plain.close();
    }
  });

  it('refuses a sampling request made while calls from both sessions are in flight, and B never sees it', async () => {
    a.asked.length = b.asked.length = 0;
    const fromA = a.client.callTool({ name: 'alpha__sample_on_release', arguments: { prompt: 'secret of A' } });
    const fromB = b.client.callTool({ name: 'alpha__hold', arguments: {} });
    // Both calls are waiting inside the server once `release` with min 2 opens the gate.
    await eventually(async () => text(await b.client.callTool({ name: 'alpha__release', arguments: { min: 2 } })).includes('released 2'), {
      timeout: 10_000,
      interval: 20,
    });
    // A's call fails with the refusal (the fixture passes the sampling error on); it never holds B's answer.
    await expect(fromA).rejects.toThrow(/refused sampling\/createMessage from server "alpha".*ambiguous/);
    await fromB;
    expect(b.asked).toEqual([]);
    expect(a.asked).toEqual([]);
  });

  it('refuses a sampling request made with no call in flight instead of sending it to the last active session', async () => {
    a.asked.length = b.asked.length = logs.length = 0;
    await b.client.callTool({ name: 'alpha__sample_later', arguments: {} });
    // Wait for the gateway's word, not by calling alpha: a call in flight would be the cause.
    await eventually(() => logs.some((line) => line.includes('refused sampling/createMessage from server "alpha"')), { timeout: 10_000, what: 'the refusal' });
    let outcome = '';
    await eventually(async () => (outcome = text(await a.client.callTool({ name: 'alpha__later_outcome', arguments: {} }))).includes('ed: '), {
      timeout: 10_000,
      interval: 50,
    });
    expect(outcome).toContain('refused');
    expect(outcome).toContain('no host call to it is in flight');
    expect(a.asked).toEqual([]);
    expect(b.asked).toEqual([]);
  });
});

describe('server→client requests with one host (as over stdio)', () => {
  it('never forwards a request made with no call in flight to the host', async () => {
    const logs: string[] = [];
    const gateway = new Gateway(parseCatalog(CATALOG, { env: process.env, cwd: ROOT }), { logger: createLogger({ write: (line) => void logs.push(line) }) });
    try {
      await gateway.start(CAPS);
      const host = await connectHost(gateway, CAPS, 'stdio-host');
      const asked: string[] = [];
      host.client.setRequestHandler('sampling/createMessage', async (request) => {
        asked.push(JSON.stringify(request.params.messages));
        return { role: 'assistant', content: { type: 'text', text: 'sampled' }, model: 'm' };
      });
      await host.client.callTool({ name: 'alpha__sample_later', arguments: {} });
      await eventually(() => logs.some((line) => line.includes('refused sampling/createMessage from server "alpha"')), {
        timeout: 10_000,
        what: 'the refusal',
      });
      let outcome = '';
      await eventually(async () => (outcome = text(await host.client.callTool({ name: 'alpha__later_outcome', arguments: {} }))).includes('ed: '), {
        timeout: 10_000,
        interval: 50,
      });
      expect(outcome).toContain('refused');
      expect(asked).toEqual([]);
    } finally {
      await gateway.stop();
    }
  });
});
