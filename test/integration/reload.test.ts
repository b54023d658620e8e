/**
 * Hot reload of the catalog while the gateway serves a host over stdio: added servers start,
 * removed ones stop, changed ones restart, untouched ones keep their process and their calls in
 * flight, an invalid edit changes nothing, and hosts hear list_changed once.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GatewayClient } from '../helpers/gateway-client.js';
import { connectGateway, eventually } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';

const server = (name: string, extra = '') => `
  ${name}:
    command: node
    args: [${fixture('fixture-server')}, --name, ${name}${extra}]`;

const names = async (gw: GatewayClient) => (await gw.client.listTools()).tools.map((t) => t.name);
const pidOf = async (gw: GatewayClient, id: string) => {
  const read = await gw.client.readResource({ uri: 'switchboard://status' });
  const doc = JSON.parse((read.contents[0] as { text: string }).text) as { servers: { serverId: string; pid?: number; state: string }[] };
  return doc.servers.find((s) => s.serverId === id);
};

describe('hot reload', () => {
  let gw: GatewayClient;

  beforeAll(async () => {
    gw = await connectGateway(`servers:${server('keep')}${server('drop')}${server('change')}`);
    // Every server listed: the list_changed of start-up were sent before the list that shows them.
    await eventually(async () => {
      const list = await names(gw);
      return ['keep__echo', 'change__echo', 'drop__echo'].every((name) => list.includes(name));
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('applies an edit without touching unchanged servers or their calls in flight', async () => {
    const keepPid = (await pidOf(gw, 'keep'))?.pid;
    const changePid = (await pidOf(gw, 'change'))?.pid;
    expect(keepPid).toBeGreaterThan(0);
    const before = gw.notifications.length;
    const changes = () => gw.notifications.slice(before).filter((n) => n.method === 'notifications/tools/list_changed').length;

    // A batch of calls in flight to the untouched server while the file changes.
    const inFlight = Array.from({ length: 20 }, (_, i) => gw.client.callTool({ name: 'keep__sleep', arguments: { ms: 400 + i * 10 } }));
    writeFileSync(gw.catalogFile, `servers:${server('keep')}${server('change', ', --tools, "2"')}${server('added')}`);

    const results = await Promise.all(inFlight);
    expect(results.every((r) => JSON.stringify(r.content).includes('slept'))).toBe(true);
    await eventually(async () => {
      const list = await names(gw);
      return list.includes('added__echo') && list.includes('change__tool_1') && !list.some((n) => n.startsWith('drop__'));
    });
    expect((await pidOf(gw, 'keep'))?.pid).toBe(keepPid);
    expect((await pidOf(gw, 'change'))?.pid).not.toBe(changePid);
    expect(await pidOf(gw, 'drop')).toBeUndefined();

    // One announcement for the whole reload: a later change is the second, with no duplicate between.
    await eventually(() => changes() >= 1, { what: 'the reload announced' });
    const added = await gw.client.callTool({ name: 'keep__add_tool', arguments: {} });
    const name = `keep__${(added.content as Array<{ text: string }>)[0]?.text}`;
    await eventually(async () => (await names(gw)).includes(name) && changes() >= 2, { what: 'the later change announced' });
    expect(changes()).toBe(2);
    expect(gw.stderr()).toMatch(/catalog reloaded: 1 added, 1 removed, 1 restarted/);
  });

  it('keeps the running catalog when an edit is invalid, and says where', async () => {
    const before = await names(gw);
    writeFileSync(gw.catalogFile, `servers:\n  keep:\n    comand: node\n`);
    await eventually(() => gw.stderr().includes('still serving the previous one'));
    expect(gw.stderr()).toMatch(/servers\.yaml:3:5 .*unknown key "comand"/);
    expect(await names(gw)).toEqual(before);
  });
});
