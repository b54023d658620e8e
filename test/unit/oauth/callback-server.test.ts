import { afterEach, describe, expect, it } from 'vitest';
import { startCallbackServer, type CallbackServer } from '../../../src/oauth/callback-server.js';

let server: CallbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const get = async (url: string) => {
  const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
  await response.text();
  return response.status;
};

describe('login callback server', () => {
  it('listens on 127.0.0.1 and resolves with the code of the callback with the right state', async () => {
    server = await startCallbackServer({ state: 'the-state', timeoutMs: 3000 });
    expect(server.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(await get(`${server.redirectUri}?code=c1&state=wrong`)).toBe(400);
    expect(await get(server.redirectUri.replace('/callback', '/other'))).toBe(404);
    expect(await get(`${server.redirectUri}?code=c1&state=the-state&iss=https%3A%2F%2Fauth.example.com`)).toBe(200);
    await expect(server.result).resolves.toEqual({ code: 'c1', iss: 'https://auth.example.com' });
    expect(await get(`${server.redirectUri}?code=c2&state=the-state`)).toBe(409);
  });

  it("rejects with the authorization server's error", async () => {
    server = await startCallbackServer({ state: 's', timeoutMs: 3000 });
    expect(await get(`${server.redirectUri}?error=access_denied&error_description=nope&state=s`)).toBe(400);
    await expect(server.result).rejects.toThrow('the authorization server answered "access_denied": nope');
  });

  it('gives up after its timeout', async () => {
    server = await startCallbackServer({ state: 's', timeoutMs: 100 });
    await expect(server.result).rejects.toThrow(/no authorization arrived within/);
  });
});
