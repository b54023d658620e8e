/**
 * Profiles with several servers at once: `serve --profile P` on stdio, `/mcp/<profile>` over HTTP
 * with two profiles served side by side, every path (call, prompt, read, completion) answering
 * a request outside the profile as if the item did not exist, unknown profiles refused with the
 * known ones, and a profile changed, then removed, by hot reload.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { cli } from '../helpers/cli.js';
import type { GatewayClient } from '../helpers/gateway-client.js';
import { connectGateway, eventually, writeCatalog } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';
import type { HttpGateway } from './http/helpers.js';
import { connectClient, errorOf, INITIALIZE, openSession, post, startHttpGateway } from './http/helpers.js';

const server = (name: string) => `
  ${name}:
    command: node
    args: [${fixture('fixture-server')}, --name, ${name}]`;

const PROFILES = `
profiles:
  alpha-only:
    servers: [alpha]
    tools: { deny: ["*fail*"] }
  echoes:
    tools: { allow: ["*__echo"] }
`;
const CATALOG = `servers:${server('alpha')}${server('beta')}${server('gamma')}\n${PROFILES}`;

const names = async (client: Client) => (await client.listTools()).tools.map((t) => t.name);

/** The JSON-RPC error a request fails with (code and message). */
async function failure(request: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await request;
  } catch (error) {
    return { code: (error as { code: number }).code, message: (error as Error).message };
  }
  throw new Error('the request succeeded');
}

/** Everything a host could ask of beta, each expected to fail as if beta did not exist. */
async function expectNoBeta(client: Client): Promise<void> {
  const call = await failure(client.callTool({ name: 'beta__echo', arguments: {} }));
  expect(call).toMatchObject({ code: -32602 });
  expect(call.message).toMatch(/Unknown tool "beta__echo"/);
  expect((await failure(client.getPrompt({ name: 'beta__greet', arguments: { who: 'x' } }))).message).toMatch(/Unknown prompt "beta__greet"/);
  expect((await failure(client.readResource({ uri: 'beta+fixture://beta/readme' }))).message).toMatch(/Unknown resource "beta\+fixture:\/\/beta\/readme"/);
  const completion = client.complete({ ref: { type: 'ref/resource', uri: 'beta+fixture://beta/items/{id}' }, argument: { name: 'id', value: '' } });
  expect((await failure(completion)).message).toMatch(/Unknown resource template/);
  const prompt = client.complete({ ref: { type: 'ref/prompt', name: 'beta__greet' }, argument: { name: 'who', value: '' } });
  expect((await failure(prompt)).message).toMatch(/Unknown prompt "beta__greet"/);
}

describe('serve --profile over stdio', () => {
  let gw: GatewayClient;

  beforeAll(async () => {
    gw = await connectGateway(CATALOG, { args: ['--profile', 'alpha-only'] });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('lists only what the profile picks', async () => {
    const listed = await eventually(async () => {
      const list = await names(gw.client);
      return list.includes('alpha__echo') ? list : undefined;
    });
    expect(listed.every((name) => name.startsWith('alpha__'))).toBe(true);
    expect(listed).not.toContain('alpha__fail');
    const prompts = (await gw.client.listPrompts()).prompts.map((p) => p.name);
    expect(prompts).toContain('alpha__greet');
    expect(prompts.some((name) => name.startsWith('beta__'))).toBe(false);
    const resources = (await gw.client.listResources()).resources.map((r) => r.uri);
    expect(resources).toContain('alpha+fixture://alpha/readme');
    expect(resources.some((uri) => uri.startsWith('beta+') || uri.startsWith('gamma+'))).toBe(false);
  });

  it('answers every request outside the profile as if it did not exist', async () => {
    await expectNoBeta(gw.client);
    // A denied tool of a picked server is just as unknown.
    expect((await failure(gw.client.callTool({ name: 'alpha__fail', arguments: {} }))).message).toMatch(/Unknown tool "alpha__fail"/);
    // What is in routes as always.
    const echoed = await gw.client.callTool({ name: 'alpha__echo', arguments: { said: 'hi' } });
    expect(JSON.stringify(echoed.structuredContent)).toContain('hi');
    const read = await gw.client.readResource({ uri: 'alpha+fixture://alpha/readme' });
    expect(read.contents[0]?.uri).toBe('alpha+fixture://alpha/readme');
  });

  it('refuses an unknown profile at start, listing the known ones', async () => {
    const run = await cli('serve', '--config', gw.catalogFile, '--profile', 'nope');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/serve: unknown profile "nope": the catalog's profiles are alpha-only, echoes/);
    const listed = await cli('list', '--config', gw.catalogFile, '--profile', 'echoes', '--json');
    expect(listed.code).toBe(0);
    const out = JSON.parse(listed.stdout) as { profile: string; tools: { name: string }[] };
    expect(out.profile).toBe('echoes');
    expect(out.tools.map((t) => t.name)).toEqual(['alpha__echo', 'beta__echo', 'gamma__echo']);
  });
});

describe('/mcp/<profile> over HTTP', () => {
  let gw: HttpGateway;

  beforeAll(async () => {
    gw = await startHttpGateway(CATALOG);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('serves two profiles at once, each at its own endpoint, and the full view at /mcp', async () => {
    const [alpha, echoes, full] = await Promise.all([connectClient(`${gw.url}/alpha-only`), connectClient(`${gw.url}/echoes`), connectClient(gw.url)]);
    try {
      const [a, e, f] = await Promise.all([names(alpha.client), names(echoes.client), names(full.client)]);
      expect(a.every((name) => name.startsWith('alpha__')) && a.includes('alpha__echo') && !a.includes('alpha__fail')).toBe(true);
      expect(e).toEqual(['alpha__echo', 'beta__echo', 'gamma__echo']);
      expect(f).toContain('beta__fail');
      await expectNoBeta(alpha.client);
      // The echoes profile has beta's echo but not its other tools.
      expect((await echoes.client.callTool({ name: 'beta__echo', arguments: { n: 1 } })).isError).not.toBe(true);
      expect((await failure(echoes.client.callTool({ name: 'beta__sleep', arguments: { ms: 1 } }))).message).toMatch(/Unknown tool "beta__sleep"/);
    } finally {
      await Promise.all([alpha.client.close(), echoes.client.close(), full.client.close()]);
    }
  });

  it('serves a profile to 2026-07-28 hosts too', async () => {
    const modern = await connectClient(`${gw.url}/echoes`, undefined, undefined, '2026-07-28');
    try {
      expect(await names(modern.client)).toEqual(['alpha__echo', 'beta__echo', 'gamma__echo']);
      expect((await failure(modern.client.callTool({ name: 'beta__fail', arguments: {} }))).message).toMatch(/Unknown tool "beta__fail"/);
    } finally {
      await modern.client.close();
    }
  });

  it('keeps a session to the endpoint that opened it', async () => {
    const id = await openSession(`${gw.url}/alpha-only`);
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const elsewhere = await post(`${gw.url}/echoes`, list, { 'mcp-session-id': id, 'mcp-protocol-version': INITIALIZE.params.protocolVersion });
    expect(elsewhere.status).toBe(404);
    const home = await post(`${gw.url}/alpha-only`, list, { 'mcp-session-id': id, 'mcp-protocol-version': INITIALIZE.params.protocolVersion });
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('alpha__echo');
  });

  it('answers an unknown profile with 404 and the profiles there are', async () => {
    const response = await post(`${gw.url}/nope`, INITIALIZE);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toBe(
      'Not Found: unknown profile "nope": the catalog\'s profiles are "alpha-only", "echoes" (at /mcp/<profile>); /mcp serves every server',
    );
  });
});

describe('profiles and hot reload', () => {
  let gw: GatewayClient;
  const catalog = (profiles: string) => `servers:${server('alpha')}${server('beta')}\n${profiles}`;

  beforeAll(async () => {
    gw = await connectGateway(catalog('profiles:\n  p:\n    servers: [alpha]\n  other: {}\n'), { args: ['--profile', 'p'] });
    await eventually(async () => (await names(gw.client)).includes('alpha__echo'));
  });
  afterAll(async () => {
    await gw?.close();
  });

  const toolChanges = (from: number) => gw.notifications.slice(from).filter((n) => n.method === 'notifications/tools/list_changed').length;

  it('follows a profile changed on reload, with list_changed', async () => {
    const before = gw.notifications.length;
    writeFileSync(gw.catalogFile, catalog('profiles:\n  p:\n    servers: [beta]\n  other: {}\n'));
    await eventually(() => toolChanges(before) >= 1, { what: 'list_changed after the reload' });
    const list = await names(gw.client);
    expect(list).toContain('beta__echo');
    expect(list.some((name) => name.startsWith('alpha__'))).toBe(false);
    expect((await failure(gw.client.callTool({ name: 'alpha__echo', arguments: {} }))).message).toMatch(/Unknown tool "alpha__echo"/);
  });

  it('tells the sessions of a removed profile so, and lists nothing to them', async () => {
    const before = gw.notifications.length;
    writeFileSync(gw.catalogFile, catalog('profiles:\n  other: {}\n'));
    await eventually(() => toolChanges(before) >= 1, { what: 'list_changed after the profile went' });
    expect(await names(gw.client)).toEqual([]);
    const gone = await failure(gw.client.callTool({ name: 'beta__echo', arguments: {} }));
    expect(gone.message).toMatch(/profile "p" was removed from the catalog while this session used it; the catalog's profiles are "other"/);
    // Back again on a later reload: the session is served its view once more.
    writeFileSync(gw.catalogFile, catalog('profiles:\n  p:\n    servers: [alpha]\n'));
    await eventually(async () => (await names(gw.client)).includes('alpha__echo'), { what: 'the profile back' });
  });
});

describe('check with profiles', () => {
  it('reports each profile: its servers, tool count and mode, and a glob that picks nothing', async () => {
    const file = await writeCatalog(
      `servers:${server('alpha')}${server('beta')}\nprofiles:\n  a: { servers: [alpha], tools: { mode: search } }\n  empty: { servers: ["z*"] }\n  b: { tools: { allow: ["beta__*", "nothing__*"] } }\n`,
    );
    const run = await cli('check', '--config', file, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as {
      ok: boolean;
      profiles: { name: string; servers: string[]; tools: number; toolMode: { mode: string }; problems: string[]; notes: string[] }[];
    };
    const byName = Object.fromEntries(report.profiles.map((p) => [p.name, p]));
    expect(byName.a).toMatchObject({ servers: ['alpha'], toolMode: { mode: 'search' }, problems: [] });
    expect(byName.a!.tools).toBeGreaterThan(3);
    expect(byName.empty!.problems).toEqual(['it picks no enabled server: check its servers: globs']);
    expect(byName.b!.notes).toEqual(['tools.allow: "nothing__*" matches no tool it serves now (globs match advertised names, e.g. github__*)']);
    const one = await cli('check', '--config', file, '--profile', 'a');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^a +alpha +\d+ +search +64 +ok$/m);
    expect(one.stdout).not.toMatch(/^beta /m);
  });
});
