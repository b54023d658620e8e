/**
 * Metadata that would send a login somewhere it must not go is refused with an error that names
 * the field and the rule, before any authorization URL is handed out.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { login } from '../../../src/oauth/login.js';
import { LoginStore } from '../../../src/oauth/store.js';
import { clearSecrets } from '../../../src/redact.js';
import { startAuthServer, type TestAuthServer } from '../../fixtures/oauth/authorization-server.js';
import { startProtectedServer, type ProtectedServer } from '../../fixtures/oauth/protected-server.js';
import { approve, catalogOf, remote, tempStateDir } from './helpers.js';

let as: TestAuthServer;
let prot: ProtectedServer;
let state: Awaited<ReturnType<typeof tempStateDir>>;
let handedOut: URL[];

beforeEach(async () => {
  as = await startAuthServer();
  prot = await startProtectedServer(as);
  state = await tempStateDir();
  handedOut = [];
});

afterEach(async () => {
  await prot.close();
  await as.close();
  await state.remove();
  clearSecrets();
});

async function attempt(oauth = ''): Promise<string> {
  const catalog = catalogOf(state.dir, `  prot:\n    url: ${prot.url}\n${oauth}`);
  try {
    await login({
      entry: remote(catalog, 'prot'),
      store: new LoginStore(state.dir),
      timeoutMs: 3000,
      onAuthorizationUrl: async (url) => {
        handedOut.push(url);
        await approve(url);
      },
    });
    return 'logged in';
  } catch (error) {
    return (error as Error).message;
  }
}

describe('malicious OAuth metadata', () => {
  const endpointCases: [string, string, Record<string, unknown>, RegExp][] = [
    [
      'a javascript: authorization endpoint',
      'authorization_endpoint',
      { authorization_endpoint: 'javascript:alert(1)' },
      /authorization_endpoint.*javascript:/,
    ],
    ['a data: registration endpoint', 'registration_endpoint', { registration_endpoint: 'data:text/html,<script>1</script>' }, /registration_endpoint.*data:/],
    ['a file: token endpoint', 'token_endpoint', { token_endpoint: 'file:///etc/passwd' }, /token_endpoint uses the scheme "file:"/],
    ['a plain-http token endpoint off loopback', 'token_endpoint', { token_endpoint: 'http://auth.example.com/token' }, /plain http on a non-loopback host/],
  ];
  for (const [name, , metadata, message] of endpointCases) {
    it(`refuses ${name}`, async () => {
      Object.assign(as.knobs.metadata, metadata);
      expect(await attempt()).toMatch(message);
      expect(handedOut).toEqual([]);
    });
  }

  it('refuses an authorization endpoint on another origin than the issuer, and says how to allow it', async () => {
    as.knobs.metadata.authorization_endpoint = 'http://localhost:9/authorize';
    const message = await attempt();
    expect(message).toContain("the authorization_endpoint http://localhost:9/authorize is not on the issuer's origin");
    expect(message).toContain('oauth.trustedOrigins');
    expect(handedOut).toEqual([]);
  });

  it('follows an endpoint on an origin the catalog trusts', async () => {
    const issuer = new URL(as.issuer);
    // The same server under another name (localhost instead of 127.0.0.1) is another origin.
    as.knobs.metadata.authorization_endpoint = `http://localhost:${issuer.port}/authorize`;
    expect(await attempt(`    oauth: { trustedOrigins: ["http://localhost:${issuer.port}"] }\n`)).toBe('logged in');
  });

  it('refuses an authorization server that does not advertise PKCE S256', async () => {
    as.knobs.metadata.code_challenge_methods_supported = undefined;
    expect(await attempt()).toMatch(/does not advertise PKCE S256 \(code_challenge_methods_supported: absent\)/);
    as.knobs.metadata.code_challenge_methods_supported = ['plain'];
    expect(await attempt()).toMatch(/does not advertise PKCE S256/);
    expect(handedOut).toEqual([]);
  });

  it('refuses metadata whose issuer is not the authorization server it was asked for', async () => {
    as.knobs.metadata.issuer = 'https://evil.example.com';
    // The SDK checks the echo itself (v2) and names both issuers.
    expect(await attempt()).toMatch(
      /Issuer mismatch in authorization server metadata \(RFC 8414 §3\.3\): expected "http:\/\/127\.0\.0\.1:\d+", received "https:\/\/evil\.example\.com"/,
    );
  });

  it('refuses a metadata document that redirects to another origin', async () => {
    as.knobs.metadataRedirect = { status: 302, location: 'http://localhost:9/.well-known/oauth-authorization-server' };
    expect(await attempt()).toMatch(/redirects to http:\/\/localhost:9\/.well-known\/oauth-authorization-server, another origin/);
  });

  it('refuses a redirect to another scheme', async () => {
    as.knobs.metadataRedirect = { status: 307, location: 'file:///etc/passwd' };
    expect(await attempt()).toMatch(/the redirect from .* uses the scheme "file:"/);
  });

  it('refuses Protected Resource Metadata that describes another server', async () => {
    prot.knobs.metadata.resource = 'http://127.0.0.1:9/mcp';
    expect(await attempt()).toMatch(/describes http:\/\/127\.0\.0\.1:9\/mcp, not http:\/\/127\.0\.0\.1:\d+\/mcp/);
  });

  it('refuses an authorization server with a file: or plain-http address', async () => {
    prot.knobs.metadata.authorization_servers = ['file:///tmp/as'];
    expect(await attempt()).toMatch(/authorization server of the Protected Resource Metadata uses the scheme "file:"/);
    prot.knobs.metadata.authorization_servers = ['http://auth.example.com'];
    expect(await attempt()).toMatch(/plain http on a non-loopback host/);
  });

  it('refuses a resource_metadata URL off loopback over plain http', async () => {
    prot.knobs.metadataUrlOverride = 'http://metadata.example.com/.well-known/oauth-protected-resource';
    expect(await attempt()).toMatch(/resource_metadata URL of the 401 challenge http:\/\/metadata\.example\.com.* plain http/);
  });

  it('falls back to the well-known URL when the challenge names no metadata', async () => {
    prot.knobs.challengeWithMetadataUrl = false;
    expect(await attempt()).toBe('logged in');
  });

  it('asks for a configured client when the server offers no registration', async () => {
    as.knobs.metadata.registration_endpoint = undefined;
    expect(await attempt()).toMatch(/offers no dynamic client registration \(RFC 7591\).*oauth\.clientId/);
  });
});
