/**
 * The "Security" cases of HTTP hosting: bearer tokens (401 + WWW-Authenticate, query tokens
 * ignored, constant-time compare), Origin and Host against DNS rebinding (403), a health route
 * that reveals nothing, sessions bound to their token, and the upstream Authorization header
 * never reaching a downstream server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BearerAuth } from '../../../src/upstream/http/auth.js';
import { startHttpServer } from '../../../src/upstream/http/server.js';
import type { HttpGateway } from './helpers.js';
import { connectClient, errorOf, INITIALIZE, MCP_HEADERS, openSession, OTHER_TOKEN, post, startHttpGateway, TOKEN } from './helpers.js';
import { rawRequest } from './raw.js';
import type { RecordingServer } from './recording-server.js';
import { startRecordingServer } from './recording-server.js';

const LIST = { jsonrpc: '2.0', id: 1, method: 'tools/list' };

describe('HTTP security', () => {
  let gw: HttpGateway;

  beforeAll(async () => {
    gw = await startHttpGateway(undefined, { tokens: [TOKEN, OTHER_TOKEN], allowedOrigins: ['https://app.example.com'], allowedHosts: ['gateway.lan'] });
  });
  afterAll(async () => {
    await gw?.stop();
  });

  describe('bearer token', () => {
    it('refuses a request without a token with 401 and a Bearer challenge', async () => {
      const response = await post(gw.url, INITIALIZE, {}, null);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="mcp-switchboard"');
      expect((await errorOf(response)).message).toMatch(/Unauthorized/);
    });

    it('refuses a wrong token, another scheme or a token of another length with 401 invalid_token', async () => {
      for (const authorization of [
        `Bearer ${TOKEN}x`,
        `Bearer ${TOKEN.slice(0, -1)}`,
        'Bearer x',
        `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`,
        `Bearer`,
        TOKEN,
      ]) {
        const response = await post(gw.url, INITIALIZE, { authorization }, null);
        expect(response.status, authorization).toBe(401);
        expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="mcp-switchboard"/);
        await response.text();
      }
    });

    it('ignores a token in the query string', async () => {
      for (const query of [`?token=${TOKEN}`, `?access_token=${TOKEN}`, `?authorization=Bearer%20${TOKEN}`]) {
        const response = await post(`${gw.url}${query}`, INITIALIZE, {}, null);
        expect(response.status).toBe(401);
        await response.text();
      }
    });

    it('refuses a repeated Authorization header even when one is right', async () => {
      const response = await rawRequest(gw.url, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: [`Bearer ${TOKEN}`, 'Bearer nope'] },
        body: JSON.stringify(INITIALIZE),
      });
      expect(response.status).toBe(401);
    });

    it('accepts the scheme in any case', async () => {
      const response = await post(gw.url, INITIALIZE, { authorization: `bearer ${TOKEN}` }, null);
      expect(response.status).toBe(200);
      await response.text();
    });

    it('compares digests, so tokens of any length are checked without throwing', () => {
      const auth = new BearerAuth([TOKEN]);
      const check = (authorization: string) => auth.check({ headersDistinct: { authorization: [authorization] } } as never);
      expect(check(`Bearer ${TOKEN}`)).toMatchObject({ ok: true });
      expect(check(`Bearer ${'a'.repeat(10_000)}`)).toEqual({ ok: false, reason: 'invalid' });
      expect(() => new BearerAuth(['short'])).toThrow(/at least 16/);
    });

    it('refuses --no-auth on an address other hosts can reach', async () => {
      await expect(startHttpServer(gw.gateway, { noAuth: true, host: '0.0.0.0' })).rejects.toThrow(/only allowed on a loopback address/);
    });

    it('generates a token when none is given, and serves without one under --no-auth on loopback', async () => {
      const generated = await startHttpServer(gw.gateway, {});
      expect(generated.generatedToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect((await post(generated.url, INITIALIZE, {}, null)).status).toBe(401);
      const ok = await post(generated.url, INITIALIZE, {}, generated.generatedToken);
      expect(ok.status).toBe(200);
      await ok.text();
      await generated.close();

      const open = await startHttpServer(gw.gateway, { noAuth: true });
      expect(open.generatedToken).toBeUndefined();
      const anonymous = await post(open.url, INITIALIZE, {}, null);
      expect(anonymous.status).toBe(200);
      await anonymous.text();
      await open.close();
    });
  });

  describe('Origin and Host', () => {
    const initWith = (headers: Record<string, string | string[]>) =>
      rawRequest(gw.url, { method: 'POST', headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, ...headers }, body: JSON.stringify(INITIALIZE) });

    it('refuses a foreign, look-alike, null or repeated Origin with 403', async () => {
      const bad: (string | string[])[] = [
        'https://evil.com',
        'http://localhost.evil.com',
        'http://127.0.0.1.evil.com',
        'http://evil.com:80@localhost', // not an origin serialization
        'null',
        'file://',
        'http://localhost/path',
        ['http://localhost:3000', 'http://localhost:3000'],
        ['http://localhost:3000', 'https://evil.com'],
      ];
      for (const origin of bad) {
        const response = await initWith({ origin });
        expect(response.status, String(origin)).toBe(403);
        expect(JSON.parse(response.body)).toMatchObject({ jsonrpc: '2.0', error: { message: 'Forbidden: Origin not allowed' }, id: null });
      }
    });

    it('lets localhost origins, allowed origins and requests without Origin through', async () => {
      for (const origin of [undefined, 'http://localhost:6274', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://localhost', 'https://app.example.com']) {
        const response = await initWith(origin === undefined ? {} : { origin });
        expect(response.status, String(origin)).toBe(200);
        if (origin) expect(response.headers['access-control-allow-origin']).toBe(origin);
      }
    });

    it('refuses a Host that is not this gateway with 403, before authentication', async () => {
      for (const host of ['evil.com', `evil.com:${gw.serving.port}`, `localhost:${gw.serving.port + 1}`, 'localhost.evil.com']) {
        const response = await rawRequest(gw.url, { method: 'POST', headers: { ...MCP_HEADERS, host }, body: JSON.stringify(INITIALIZE) });
        expect(response.status, host).toBe(403);
        expect(response.body).toContain('Host header not allowed');
      }
      for (const host of [`localhost:${gw.serving.port}`, `127.0.0.1:${gw.serving.port}`, `gateway.lan:${gw.serving.port}`]) {
        const response = await initWith({ host });
        expect(response.status, host).toBe(200);
      }
    });

    it('answers a CORS preflight from an allowed origin only', async () => {
      const ok = await rawRequest(gw.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:6274', 'access-control-request-method': 'POST' } });
      expect(ok.status).toBe(204);
      expect(String(ok.headers['access-control-allow-headers'])).toContain('mcp-session-id');
      const evil = await rawRequest(gw.url, { method: 'OPTIONS', headers: { origin: 'https://evil.com' } });
      expect(evil.status).toBe(403);
    });
  });

  describe('health and status', () => {
    it('reports health without a token and nothing else', async () => {
      const response = await fetch(new URL('/healthz', gw.url));
      expect(response.status).toBe(200);
      const body = await response.text();
      expect(JSON.parse(body)).toEqual({ status: 'ready' });
      expect(body).not.toMatch(/alpha|beta|fixture/);
    });

    it('reports per-server states on /status to token holders only', async () => {
      const anonymous = await fetch(new URL('/status', gw.url));
      expect(anonymous.status).toBe(401);
      const response = await fetch(new URL('/status', gw.url), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      const report = (await response.json()) as { status: string; servers: { serverId: string; state: string }[] };
      expect(report.status).toBe('ready');
      expect(report.servers.map((s) => [s.serverId, s.state])).toEqual([
        ['alpha', 'ready'],
        ['beta', 'ready'],
      ]);
    });

    it('says degraded when a server failed, and starting until startup settles', async () => {
      const statuses = [
        { serverId: 'a', state: 'ready', tools: 1 },
        { serverId: 'b', state: 'connecting', tools: 0 },
      ];
      let settle!: () => void;
      const started = new Promise<void>((resolve) => (settle = resolve));
      const serving = await startHttpServer({ createSession: () => gw.gateway.createSession(), statuses: () => statuses }, { noAuth: true, started });
      const health = async () => [
        (await fetch(new URL('/healthz', serving.url))).status,
        ((await (await fetch(new URL('/healthz', serving.url))).json()) as { status: string }).status,
      ];
      expect(await health()).toEqual([503, 'starting']);
      settle();
      await started;
      expect(await health()).toEqual([200, 'degraded']);
      statuses[1] = { serverId: 'b', state: 'failed', tools: 0 };
      expect(await health()).toEqual([200, 'degraded']);
      await serving.close();
    });
  });

  describe('sessions and tokens', () => {
    it('rejects a session id presented with another token as not found', async () => {
      const session = await openSession(gw.url, TOKEN);
      const stolen = await post(gw.url, LIST, { 'mcp-session-id': session }, OTHER_TOKEN);
      expect(stolen.status).toBe(404);
      const deleteAttempt = await fetch(gw.url, { method: 'DELETE', headers: { authorization: `Bearer ${OTHER_TOKEN}`, 'mcp-session-id': session } });
      expect(deleteAttempt.status).toBe(404);
      const owner = await post(gw.url, LIST, { 'mcp-session-id': session }, TOKEN);
      expect(owner.status).toBe(200);
      expect(await owner.text()).toContain('alpha__echo');
    });
  });
});

describe('upstream Authorization header and downstream servers', () => {
  let recorder: RecordingServer;
  let gw: HttpGateway;

  beforeAll(async () => {
    recorder = await startRecordingServer();
    gw = await startHttpGateway(`
servers:
  rec:
    url: ${recorder.url}
    transport: streamable-http
    headers: { Authorization: "Bearer downstream-secret", X-Team: blue }
`);
  });
  afterAll(async () => {
    await gw?.stop();
    await recorder?.close();
  });

  it('sends a downstream only its own configured credentials, never the client token', async () => {
    const { client } = await connectClient(gw.url, TOKEN);
    const result = await client.callTool({ name: 'rec__echo', arguments: { hello: 'world' } });
    expect(JSON.stringify(result.content)).toContain('world');
    await client.close();
    expect(recorder.headers.length).toBeGreaterThan(2);
    for (const headers of recorder.headers) {
      expect(headers.authorization).toBe('Bearer downstream-secret');
      expect(headers['x-team']).toBe('blue');
      expect(JSON.stringify(headers)).not.toContain(TOKEN);
    }
  });
});
