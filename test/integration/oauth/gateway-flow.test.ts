/**
 * The whole OAuth flow against a test authorization server and a protected MCP server, driven
 * headlessly: login (registration, PKCE S256, resource), serving through the gateway next to a
 * stdio server, refresh before expiry, a refused refresh turning into "needs login" while the
 * other server keeps working, a token for another audience, and no token in any log line.
 */
import { readFile, stat } from 'node:fs/promises';
import type { Client } from '@modelcontextprotocol/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Gateway } from '../../../src/gateway.js';
import { createLogger } from '../../../src/log.js';
import { login } from '../../../src/oauth/login.js';
import { LoginStore } from '../../../src/oauth/store.js';
import { clearSecrets } from '../../../src/redact.js';
import { startAuthServer, type TestAuthServer } from '../../fixtures/oauth/authorization-server.js';
import { startProtectedServer, type ProtectedServer } from '../../fixtures/oauth/protected-server.js';
import { connectHost } from '../../helpers/in-process.js';
import { fixture } from '../../helpers/paths.js';
import { approve, catalogOf, eventually, remote, tempStateDir } from './helpers.js';

let as: TestAuthServer;
let prot: ProtectedServer;
let state: Awaited<ReturnType<typeof tempStateDir>>;
let gateway: Gateway | undefined;
let logs: string[];

beforeEach(async () => {
  as = await startAuthServer();
  prot = await startProtectedServer(as);
  state = await tempStateDir();
  logs = [];
});

afterEach(async () => {
  await gateway?.stop();
  gateway = undefined;
  await prot.close();
  await as.close();
  await state.remove();
  clearSecrets();
});

const servers = (oauth = '') => `  prot:\n    url: ${prot.url}\n${oauth}  fine:\n    command: node\n    args: [${fixture('fixture-server')}, --name, fine]\n`;

async function logIn(catalog = catalogOf(state.dir, servers())): Promise<void> {
  await login({ entry: remote(catalog, 'prot'), store: new LoginStore(state.dir), onAuthorizationUrl: approve, timeoutMs: 5000 });
}

async function serve(catalog = catalogOf(state.dir, servers())): Promise<Client> {
  gateway = new Gateway(catalog, { logger: createLogger({ level: 'debug', write: (line) => void logs.push(line) }) });
  await gateway.start();
  return (await connectHost(gateway)).client;
}

/** A tool call's text, or the error's message. */
async function call(client: Client, name: string): Promise<string> {
  try {
    const result = await client.callTool({ name, arguments: { said: 'hi' } });
    const first = (result.content as { type: string; text?: string }[])[0];
    return `${result.isError === true ? 'ERROR ' : ''}${first?.text ?? JSON.stringify(result.structuredContent)}`;
  } catch (error) {
    return `ERROR ${(error as Error).message}`;
  }
}

function statusOf(id: string) {
  return gateway?.statuses().find((s) => s.serverId === id);
}

function expectNoTokenInLogs(): void {
  const text = logs.join('');
  for (const token of [...as.issued.access, ...as.issued.refresh]) expect(text).not.toContain(token);
}

describe('OAuth login and serving', () => {
  it('registers a client, sends PKCE S256 and the resource, and keeps the tokens owner-only', async () => {
    await logIn();
    expect(as.requests.filter((r) => r.path === '/register')).toHaveLength(1);
    const authorize = as.requests.find((r) => r.path === '/authorize');
    expect(authorize?.params).toMatchObject({ response_type: 'code', code_challenge_method: 'S256', resource: prot.url });
    expect(authorize?.params.state?.length).toBeGreaterThanOrEqual(32);
    expect(authorize?.params.redirect_uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const exchange = as.requests.find((r) => r.path === '/token');
    expect(exchange?.params).toMatchObject({ grant_type: 'authorization_code', resource: prot.url });
    expect(exchange?.params.code_verifier?.length).toBeGreaterThanOrEqual(43);
    const store = new LoginStore(state.dir);
    const file = store.fileFor('prot', prot.url);
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({
      serverUrl: prot.url,
      resource: prot.url,
      issuer: as.issuer,
      client: { source: 'registered' },
    });
  });

  it('re-uses its registration on the next login', async () => {
    await logIn();
    await logIn();
    expect(as.requests.filter((r) => r.path === '/register')).toHaveLength(1);
    expect(as.requests.filter((r) => r.path === '/token')).toHaveLength(2);
  });

  it('serves the protected server with its token next to a stdio server, and logs no token', async () => {
    await logIn();
    const client = await serve();
    expect(await call(client, 'prot__echo')).not.toMatch(/^ERROR/);
    expect(await call(client, 'fine__echo')).not.toMatch(/^ERROR/);
    expect(prot.authorizations.length).toBeGreaterThan(0);
    expect(new Set(prot.authorizations)).toEqual(new Set([`Bearer ${as.issued.access[0]}`]));
    expectNoTokenInLogs();
  });

  it('refreshes an access token that is due, with the resource', async () => {
    // Due at once, as far as the gateway is told (when "due" is, is unit-tested with a clock).
    as.knobs.advertisedTtl = 0;
    await logIn();
    const client = await serve();
    expect(await call(client, 'prot__echo')).not.toMatch(/^ERROR/);
    expect(await call(client, 'prot__echo')).not.toMatch(/^ERROR/);
    const refreshes = as.requests.filter((r) => r.path === '/token' && r.params.grant_type === 'refresh_token');
    expect(refreshes.length).toBeGreaterThanOrEqual(1);
    expect(refreshes[0]?.params.resource).toBe(prot.url);
    expect(prot.authorizations).toContain(`Bearer ${as.issued.access[1]}`);
    expectNoTokenInLogs();
  });

  it('turns a refused refresh into "needs login" with the command, while the other server keeps working', async () => {
    as.knobs.advertisedTtl = 0;
    await logIn();
    const client = await serve();
    as.revokeRefreshTokens();
    as.expireAccessTokens();
    const failed = await call(client, 'prot__echo');
    expect(failed).toMatch(/^ERROR/);
    expect(failed).toContain('server "prot" needs a login');
    expect(failed).toContain('mcp-switchboard login prot');
    expect(await call(client, 'fine__echo')).not.toMatch(/^ERROR/);
    const record = JSON.parse(await readFile(new LoginStore(state.dir).fileFor('prot', prot.url), 'utf8')) as { needsLogin?: unknown; tokens?: unknown };
    expect(record.needsLogin).toBeDefined();
    expect(record.tokens).toBeUndefined();
    // Later attempts fail locally: no more refresh requests.
    const tokenRequests = as.requests.filter((r) => r.path === '/token').length;
    expect(await call(client, 'prot__echo')).toContain('needs a login');
    expect(as.requests.filter((r) => r.path === '/token')).toHaveLength(tokenRequests);
    // A new login is picked up by the running gateway.
    delete as.knobs.advertisedTtl;
    await logIn();
    await eventually(async () => !(await call(client, 'prot__echo')).startsWith('ERROR'), 8000);
    expectNoTokenInLogs();
  });

  it('reports a server that was never logged in as needing a login, and serves the others', async () => {
    for (const oauth of ['    oauth: true\n', '']) {
      const client = await serve(catalogOf(state.dir, servers(oauth)));
      const why = oauth ? 'not logged in yet' : 'the server asks for OAuth authorization';
      // Its own state, not a crash: no back-off, no breaker, a quiet local retry that picks a login up.
      expect(statusOf('prot')?.state).toBe('needs-login');
      expect(statusOf('prot')).toMatchObject({ failures: 0, breaker: 'closed' });
      expect(statusOf('prot')?.lastError).toContain(`needs a login (${why}`);
      expect(statusOf('prot')?.lastError).toContain('run `mcp-switchboard login prot`');
      expect(statusOf('fine')?.state).toBe('ready');
      expect(await call(client, 'fine__echo')).not.toMatch(/^ERROR/);
      await gateway?.stop();
      gateway = undefined;
    }
    expect(prot.authorizations).toEqual([]);
  });

  it('treats a token for another audience as needing a login', async () => {
    as.knobs.audienceOverride = 'http://127.0.0.1:9/elsewhere';
    await logIn();
    await serve();
    expect(statusOf('prot')?.state).not.toBe('ready');
    expect(statusOf('prot')?.lastError).toContain('another audience');
    expect(prot.accepted).toBe(0);
    expect(statusOf('fine')?.state).toBe('ready');
  });

  it("never sends one server's token to another server", async () => {
    const other = await startProtectedServer(as, 'other');
    try {
      await logIn();
      const store = new LoginStore(state.dir);
      // A record copied under the other server's name is refused, not sent.
      const { copyFile } = await import('node:fs/promises');
      await copyFile(store.fileFor('prot', prot.url), store.fileFor('other', other.url));
      await serve(catalogOf(state.dir, `${servers()}  other:\n    url: ${other.url}\n`));
      expect(statusOf('prot')?.state).toBe('ready');
      expect(statusOf('other')?.lastError).toContain('made for another server');
      expect(other.authorizations).toEqual([]);
    } finally {
      await gateway?.stop();
      gateway = undefined;
      await other.close();
    }
  });
});
