/**
 * The relay, feature by feature, with two servers behind the gateway at once so that a routing
 * mix-up would show: progress, cancellation, logging, completions, subscriptions, server→client
 * requests, pagination, capabilities and errors.
 */
import type { Tool } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway.js';
import { eventually } from '../helpers/gateway-client.js';
import type { Host } from '../helpers/in-process.js';
import { connectHost, startGateway } from '../helpers/in-process.js';
import { fixture } from '../helpers/paths.js';

const server = (name: string, extra = '') => `
  ${name}:
    command: node
    args: [${fixture('fixture-server')}, --name, ${name}, --tools, "4"]${extra}`;

const catalog = `
settings:
  pageSize: 5
servers:${server('alpha')}${server('beta', '\n    timeout: 300')}
`;

const HOST_CAPABILITIES = { sampling: {}, elicitation: { form: {}, url: {} }, roots: { listChanged: true } };

const text = (result: unknown) => JSON.stringify((result as { content: unknown }).content);

describe('relay through the gateway', () => {
  let gateway: Gateway;
  let host: Host;

  beforeAll(async () => {
    gateway = await startGateway(catalog, HOST_CAPABILITIES);
    host = await connectHost(gateway, HOST_CAPABILITIES, 'host-a');
    host.client.setRequestHandler('sampling/createMessage', async (request) => ({
      role: 'assistant',
      content: { type: 'text', text: `host-a sampled: ${JSON.stringify(request.params.messages)}` },
      model: 'test-model',
    }));
    host.client.setRequestHandler('elicitation/create', async (request) =>
      request.params.mode === 'url' ? { action: 'accept' } : { action: 'accept', content: { name: 'Ada' } },
    );
    host.client.setRequestHandler('roots/list', async () => ({ roots: [{ uri: 'file:///work/project', name: 'project' }] }));
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('relays every progress notification with the caller token, all before the result', async () => {
    const progress: number[] = [];
    const result = await host.client.callTool(
      { name: 'alpha__sleep', arguments: { ms: 300 } },
      {
        onprogress: (p) => progress.push(p.progress),
      },
    );
    const count = progress.length;
    expect(text(result)).toContain('slept 300');
    expect(count).toBe(6);
    expect(progress).toEqual([50, 100, 150, 200, 250, 300]);
  });

  it('cancels the downstream request when the host cancels', async () => {
    const controller = new AbortController();
    // Cancelled at its first progress: the call is surely running downstream by then.
    const onprogress = () => controller.abort('changed my mind');
    const call = host.client.callTool({ name: 'alpha__sleep', arguments: { ms: 30_000 } }, { signal: controller.signal, onprogress });
    await expect(call).rejects.toThrow();
    // The fixture logs when its request is cancelled; the log reaches the host.
    await eventually(() => host.notifications.some((n) => JSON.stringify(n.params).includes('alpha: sleep cancelled')));
  });

  it('relays log messages with the server id as logger when absent', async () => {
    await host.client.callTool({ name: 'beta__notify', arguments: { data: 'anonymous hello', anonymous: true } });
    const message = await eventually(() =>
      host.notifications.find((n) => n.method === 'notifications/message' && JSON.stringify(n.params).includes('anonymous hello')),
    );
    expect(message.params).toMatchObject({ logger: 'beta', level: 'info' });
  });

  it('fans logging/setLevel out so lower levels are filtered', async () => {
    await host.client.setLoggingLevel('error');
    await host.client.callTool({ name: 'alpha__notify', arguments: { data: 'too chatty', level: 'info' } });
    await host.client.callTool({ name: 'alpha__notify', arguments: { data: 'important', level: 'error' } });
    await eventually(() => host.notifications.some((n) => JSON.stringify(n.params).includes('important')));
    expect(host.notifications.some((n) => JSON.stringify(n.params).includes('too chatty'))).toBe(false);
    await host.client.setLoggingLevel('debug');
  });

  it('routes completions by advertised prompt name and template URI', async () => {
    const prompt = await host.client.complete({ ref: { type: 'ref/prompt', name: 'beta__greet' }, argument: { name: 'who', value: 'beta-a' } });
    expect(prompt.completion.values).toEqual(['beta-ada', 'beta-alan']);
    const template = await host.client.complete({
      ref: { type: 'ref/resource', uri: 'alpha+fixture://alpha/items/{id}' },
      argument: { name: 'id', value: '' },
    });
    expect(template.completion.values).toEqual(['1', '2', '3']);
    expect(template._meta).toMatchObject({ target: 'fixture://alpha/items/{id}' });
  });

  it('delivers resources/updated only to subscribed sessions, with the advertised URI', async () => {
    const other = await connectHost(gateway, {}, 'host-b');
    const uri = 'alpha+fixture://alpha/readme';
    await host.client.subscribeResource({ uri });
    expect(text(await other.client.callTool({ name: 'alpha__subscriptions', arguments: {} }))).toContain('fixture://alpha/readme');
    await other.client.callTool({ name: 'alpha__touch', arguments: {} });
    const updated = await eventually(() => host.notifications.find((n) => n.method === 'notifications/resources/updated'));
    expect(updated.params).toEqual({ uri });
    // A round trip on the other session after that: a misrouted copy, sent when the update was
    // fanned out, would have reached it before this answer.
    await other.client.ping();
    expect(other.notifications.some((n) => n.method === 'notifications/resources/updated')).toBe(false);

    // Counted per session: the server stays subscribed until the last subscriber leaves.
    await other.client.subscribeResource({ uri });
    await host.client.unsubscribeResource({ uri });
    expect(text(await host.client.callTool({ name: 'alpha__subscriptions', arguments: {} }))).toContain('fixture://alpha/readme');
    await other.client.close();
    await eventually(async () => !text(await host.client.callTool({ name: 'alpha__subscriptions', arguments: {} })).includes('readme'));
  });

  it('sends sampling to the session whose call caused it and returns the answer', async () => {
    const other = await connectHost(gateway, HOST_CAPABILITIES, 'host-b');
    other.client.setRequestHandler('sampling/createMessage', async () => ({
      role: 'assistant',
      content: { type: 'text', text: 'host-b sampled' },
      model: 'b',
    }));
    expect(text(await other.client.callTool({ name: 'beta__sample', arguments: {} }))).toContain('host-b sampled');
    expect(text(await host.client.callTool({ name: 'alpha__sample', arguments: { prompt: 'from alpha' } }))).toContain('host-a sampled');
    await other.client.close();
  });

  it('relays elicitation and roots requests to the host and the answers back', async () => {
    expect(text(await host.client.callTool({ name: 'beta__elicit', arguments: {} }))).toContain('Ada');
    expect(text(await host.client.callTool({ name: 'alpha__roots', arguments: {} }))).toContain('file:///work/project');
  });

  it('relays URL-mode elicitation with its URL and id intact', async () => {
    const seen: unknown[] = [];
    host.client.setRequestHandler('elicitation/create', async (request) => {
      seen.push(request.params);
      return { action: 'accept' };
    });
    expect(text(await host.client.callTool({ name: 'alpha__elicit', arguments: { mode: 'url' } }))).toContain('accept');
    expect(seen).toEqual([expect.objectContaining({ mode: 'url', url: 'https://auth.example.com/start', elicitationId: 'alpha-1' })]);
  });

  it('carries roots/list_changed from the host down to every server', async () => {
    await host.client.sendRootsListChanged();
    for (const server of ['alpha', 'beta']) {
      await eventually(async () => {
        const result = await host.client.callTool({ name: `${server}__roots_changes`, arguments: {} });
        return (result.structuredContent as { count: number }).count >= 1;
      });
    }
  });

  it('does not offer a tool that only runs as a task, since tasks are not relayed', async () => {
    expect(gateway.listed('alpha')?.tools.some((t) => t.name === 'task_only')).toBe(true);
    const { tools } = await host.client.listTools();
    expect(tools.some((t) => t.name.endsWith('task_only'))).toBe(false);
    await expect(host.client.callTool({ name: 'alpha__task_only', arguments: {} })).rejects.toMatchObject({ code: -32602 });
  });

  it('pages lists with its own cursors and refuses a stale one with -32602', async () => {
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      // One page per request: the SDK's listTools() without a cursor walks every page itself.
      const page = await host.client.request({ method: 'tools/list', params: cursor ? { cursor } : {} });
      expect(page.tools.length).toBeLessThanOrEqual(5);
      names.push(...page.tools.map((t: Tool) => t.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(gateway.view.tools.map((t) => t.name));
    expect(names.some((n) => n.includes('page:'))).toBe(false);
    await expect(host.client.listTools({ cursor: 'page:5' })).rejects.toMatchObject({ code: -32602 });
  });

  it('advertises the union of what the servers offer and never tasks', () => {
    const caps = host.client.getServerCapabilities();
    expect(caps).toMatchObject({ tools: { listChanged: true }, resources: { subscribe: true }, completions: {}, logging: {} });
    expect(caps?.tasks).toBeUndefined();
  });

  it('relays a downstream JSON-RPC error with its code, message and data', async () => {
    const error = await host.client.callTool({ name: 'beta__jsonrpc_error', arguments: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: -32042, data: { reason: 'fixture', server: 'beta' } });
    // The fixture (v2 SDK) sends the bare message, and the gateway adds no prefix of its own.
    expect((error as Error).message).toBe('beta refuses');
  });

  it('times out as -32001 naming the server and the deadline', async () => {
    const error = await host.client.callTool({ name: 'beta__sleep', arguments: { ms: 2000 } }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: -32001 });
    expect((error as Error).message).toMatch(/beta.*300 ms/);
  });

  it('maps resource links and embedded resources in tool results to advertised URIs', async () => {
    const result = await host.client.callTool({ name: 'alpha__link', arguments: {} });
    expect(result.content).toEqual([
      { type: 'resource_link', uri: 'alpha+fixture://alpha/readme', name: 'readme' },
      { type: 'resource', resource: { uri: 'alpha+fixture://alpha/items/7', text: 'item 7' } },
    ]);
  });

  it('routes by owner: the same tool name on two servers reaches each one', async () => {
    const [a, b] = await Promise.all([
      host.client.callTool({ name: 'alpha__whoami', arguments: {} }),
      host.client.callTool({ name: 'beta__whoami', arguments: {} }),
    ]);
    expect(a.structuredContent).toEqual({ server: 'alpha' });
    expect(b.structuredContent).toEqual({ server: 'beta' });
  });
});

describe('the gateway status resource', () => {
  it('lists switchboard://status and reads each server state from it', async () => {
    const gateway = await startGateway(catalog);
    try {
      const host = await connectHost(gateway);
      const { resources } = await host.client.listResources();
      expect(resources.map((r) => r.uri)).toContain('switchboard://status');
      const read = await host.client.readResource({ uri: 'switchboard://status' });
      const doc = JSON.parse(String((read.contents[0] as { text: string }).text)) as { servers: { serverId: string; state: string; tools: number }[] };
      expect(doc.servers.map((s) => [s.serverId, s.state])).toEqual([
        ['alpha', 'ready'],
        ['beta', 'ready'],
      ]);
      expect(doc.servers[0]?.tools).toBeGreaterThan(4);
    } finally {
      await gateway.stop();
    }
  });
});
