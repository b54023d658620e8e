/**
 * Protocol edges of the Streamable HTTP transport (spec 2025-11-25), each answered with the right
 * status and a JSON-RPC error body: 406 Accept, 415 Content-Type, 400 missing session id or bad
 * MCP-Protocol-Version, 404 unknown or ended session, 413 body cap, 404 / 405 outside /mcp.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpGateway } from './helpers.js';
import { errorOf, INITIALIZE, MCP_HEADERS, openSession, post, startHttpGateway, TOKEN } from './helpers.js';
import { rawRequest } from './raw.js';

const LIST = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
const auth = { authorization: `Bearer ${TOKEN}` };

describe('HTTP protocol edges', () => {
  let gw: HttpGateway;
  let session: string;

  beforeAll(async () => {
    gw = await startHttpGateway(undefined, { maxBodyBytes: 4096 });
    session = await openSession(gw.url);
  });
  afterAll(async () => {
    await gw?.stop();
  });

  it('answers a request in a session', async () => {
    const response = await post(gw.url, LIST, { 'mcp-session-id': session });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('alpha__echo');
  });

  it('refuses a POST without an acceptable Accept with 406', async () => {
    for (const accept of [undefined, 'application/json', 'text/html']) {
      const headers: Record<string, string> = { ...auth, 'content-type': 'application/json', 'mcp-session-id': session, ...(accept && { accept }) };
      const response = await fetch(gw.url, { method: 'POST', headers, body: JSON.stringify(LIST) });
      expect(response.status).toBe(406);
      expect((await errorOf(response)).message).toMatch(/Not Acceptable/);
    }
  });

  it('refuses an initialize without an acceptable Accept with 406 and opens no session', async () => {
    const before = gw.serving.sessions;
    const response = await post(gw.url, INITIALIZE, { accept: 'application/json' });
    expect(response.status).toBe(406);
    expect(gw.serving.sessions).toBe(before);
  });

  it('refuses a wrong Content-Type with 415', async () => {
    const response = await post(gw.url, LIST, { 'content-type': 'text/plain', 'mcp-session-id': session });
    expect(response.status).toBe(415);
    expect((await errorOf(response)).message).toMatch(/Unsupported Media Type/);
  });

  it('refuses a non-initialize POST without a session id with 400 and keeps nothing', async () => {
    const before = gw.serving.sessions;
    const response = await post(gw.url, LIST);
    expect(response.status).toBe(400);
    await errorOf(response);
    expect(gw.serving.sessions).toBe(before);
  });

  it('refuses GET and DELETE without a session id with 400', async () => {
    for (const method of ['GET', 'DELETE']) {
      const response = await fetch(gw.url, { method, headers: { ...auth, accept: 'text/event-stream' } });
      expect(response.status).toBe(400);
      expect((await errorOf(response)).message).toMatch(/Mcp-Session-Id header is required/);
    }
  });

  it('refuses an unknown session with 404 on POST, GET and DELETE', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const method of ['POST', 'GET', 'DELETE']) {
      const response = await fetch(gw.url, {
        method,
        headers: { ...MCP_HEADERS, ...auth, 'mcp-session-id': unknown },
        ...(method === 'POST' && { body: JSON.stringify(LIST) }),
      });
      expect(response.status).toBe(404);
      expect(await errorOf(response)).toMatchObject({ code: -32001 });
    }
  });

  it('refuses an ended session with 404', async () => {
    const ended = await openSession(gw.url);
    const deleted = await fetch(gw.url, { method: 'DELETE', headers: { ...auth, 'mcp-session-id': ended } });
    expect(deleted.status).toBe(200);
    const response = await post(gw.url, LIST, { 'mcp-session-id': ended });
    expect(response.status).toBe(404);
  });

  it('refuses an unsupported MCP-Protocol-Version with 400 and accepts a supported one', async () => {
    const bad = await post(gw.url, LIST, { 'mcp-session-id': session, 'mcp-protocol-version': '1999-01-01' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).message).toMatch(/Unsupported protocol version/);
    const good = await post(gw.url, LIST, { 'mcp-session-id': session, 'mcp-protocol-version': '2025-06-18' });
    expect(good.status).toBe(200);
    await good.text();
  });

  it('refuses a body over the cap with 413, declared or streamed', async () => {
    const big = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'alpha__echo', arguments: { pad: 'x'.repeat(8000) } } });
    const declared = await post(gw.url, big, { 'mcp-session-id': session });
    expect(declared.status).toBe(413);
    await errorOf(declared);
    const chunked = await rawRequest(gw.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth, 'mcp-session-id': session, 'transfer-encoding': 'chunked' },
      body: big,
    });
    expect(chunked.status).toBe(413);
  });

  it('refuses a repeated Mcp-Session-Id header with 400', async () => {
    const response = await rawRequest(gw.url, {
      method: 'POST',
      headers: { ...MCP_HEADERS, ...auth, 'mcp-session-id': [session, session] },
      body: JSON.stringify(LIST),
    });
    expect(response.status).toBe(400);
  });

  it('answers OAuth discovery with 404 and a body saying it uses a bearer token, with or without one', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-authorization-server', '/.well-known/oauth-protected-resource/mcp']) {
      for (const headers of [{}, auth]) {
        const response = await fetch(new URL(path, gw.url), { headers });
        expect(response.status).toBe(404);
        expect(((await response.json()) as { message: string }).message).toMatch(/no OAuth for hosts.*bearer token/);
      }
    }
  });

  it('answers 404 outside /mcp and 405 for other methods', async () => {
    const elsewhere = await fetch(new URL('/other', gw.url), { headers: auth });
    expect(elsewhere.status).toBe(404);
    await errorOf(elsewhere);
    const put = await fetch(gw.url, { method: 'PUT', headers: auth });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, DELETE');
  });

  it('answers malformed JSON with 400 and a parse error', async () => {
    const response = await post(gw.url, '{"jsonrpc": "2.0", "id": 1, "method": ', { 'mcp-session-id': session });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toMatchObject({ code: -32700 });
  });
});
