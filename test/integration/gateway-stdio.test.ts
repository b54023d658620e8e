/**
 * The gateway CLI over stdio with several fixture servers of our own, all real child processes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../helpers/gateway-client.js';
import { connectGateway, eventually } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';

const catalog = `
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha, --tools, "3", --page-size, "2"]
  beta:
    command: node
    args: [${fixture('fixture-server')}, --name, beta, --tools, "2"]
  broken:
    command: node
    args: [${fixture('fixture-server')}, --name, broken, --exit-before-init]
  plain:
    command: node
    args: [${fixture('fixture-server')}, --name, plain]
    prefix: false
`;

describe('gateway over stdio', () => {
  let gw: GatewayClient;

  beforeAll(async () => {
    gw = await connectGateway(catalog);
    await eventually(async () => {
      const { tools } = await gw.client.listTools();
      return tools.some((t) => t.name === 'alpha__echo') && tools.some((t) => t.name === 'beta__echo') && tools.some((t) => t.name === 'echo');
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists the merged tools of every healthy server under namespaced names', async () => {
    const { tools } = await gw.client.listTools();
    const names = tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['alpha__echo', 'alpha__tool_0', 'alpha__tool_2', 'beta__echo', 'beta__tool_1', 'echo']));
    expect(names.some((n) => n.startsWith('broken__'))).toBe(false);
    for (const name of names) expect(name).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('merges prompts, resources and resource templates with reversible names', async () => {
    const { prompts } = await gw.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(expect.arrayContaining(['alpha__greet', 'beta__greet']));
    const { resources } = await gw.client.listResources();
    expect(resources.map((r) => r.uri)).toEqual(expect.arrayContaining(['alpha+fixture://alpha/readme', 'beta+fixture://beta/readme']));
    const { resourceTemplates } = await gw.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('alpha+fixture://alpha/items/{id}');
  });

  it('routes a namespaced call to the owning server with its original name', async () => {
    const result = await gw.client.callTool({ name: 'beta__echo', arguments: { text: 'hello', n: 7 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ text: 'hello', n: 7 });
  });

  it('keeps a downstream tool failure as an isError result', async () => {
    const result = await gw.client.callTool({ name: 'alpha__fail', arguments: {} });
    expect(result.isError).toBe(true);
  });

  it('answers an unknown tool with -32602 naming it', async () => {
    await expect(gw.client.callTool({ name: 'nope__nothing', arguments: {} })).rejects.toMatchObject({
      code: -32602,
      message: expect.stringContaining('nope__nothing'),
    });
  });

  it('names the server when a tool of a server that is down is called', async () => {
    await expect(gw.client.callTool({ name: 'broken__echo', arguments: {} })).rejects.toThrow(/broken/);
  });

  it('gets a prompt through its advertised name', async () => {
    const result = await gw.client.getPrompt({ name: 'alpha__greet', arguments: { who: 'Ada' } });
    expect(JSON.stringify(result.messages)).toContain('Ada');
  });

  it('reads a templated resource and maps its URI back to the advertised form', async () => {
    const result = await gw.client.readResource({ uri: 'alpha+fixture://alpha/items/42' });
    expect(result.contents[0]?.uri).toBe('alpha+fixture://alpha/items/42');
    expect(JSON.stringify(result.contents)).toContain('42');
  });

  it('relays a downstream list_changed upward once, with the new tool listed', async () => {
    const before = gw.notifications.length;
    const changes = () => gw.notifications.slice(before).filter((n) => n.method === 'notifications/tools/list_changed').length;
    const addTool = async () => {
      const added = await gw.client.callTool({ name: 'beta__add_tool', arguments: {} });
      const name = `beta__${(added.content as Array<{ text: string }>)[0]?.text}`;
      await eventually(async () => (await gw.client.listTools()).tools.some((t) => t.name === name));
    };
    // Two changes one after the other: each is announced once, so a duplicate of the first
    // (which would arrive before the second change is even made) shows up as a third.
    await addTool();
    await eventually(() => changes() >= 1);
    await addTool();
    await eventually(() => changes() >= 2);
    expect(changes()).toBe(2);
  });

  it('writes logs to stderr and nothing but protocol to stdout', () => {
    expect(gw.stderr()).toContain('[switchboard');
  });
});
