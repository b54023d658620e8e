/**
 * From a server URL to a validated authorization server (MCP authorization, spec 2025-11-25):
 * probe the server for its `401` challenge (`WWW-Authenticate: Bearer resource_metadata=…`, RFC
 * 9728 §5.1), else the well-known fallback; read the Protected Resource Metadata, check that it
 * describes this server; then the authorization server's metadata (RFC 8414, or OpenID Connect
 * Discovery). The SDK fetches, parses and checks the issuer echo; this file adds what it does not check:
 * safe schemes and origins of every endpoint, PKCE `S256`.
 */
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
  extractWWWAuthenticateParams,
  checkResourceAllowed,
  resourceUrlFromServerUrl,
  LATEST_PROTOCOL_VERSION,
} from '@modelcontextprotocol/client';
import type { AuthorizationServerMetadata, OAuthProtectedResourceMetadata, FetchLike } from '@modelcontextprotocol/client';
import { UnsafeOAuthError } from './errors.js';
import { describeUrl, safeEndpoint, safeUrl } from './url-policy.js';

/** What a login needs to know about a server and its authorization server, all of it checked. */
export interface Discovered {
  /** The RFC 8707 `resource` indicator, as the server's metadata spells it. */
  resource: string;
  /** The authorization server's issuer identifier (from `authorization_servers`). */
  issuer: string;
  metadata: AuthorizationServerMetadata;
  /** Scopes the server's 401 challenge asked for, if any. */
  challengeScope?: string;
  /** `scopes_supported` of the Protected Resource Metadata, if any. */
  scopesSupported?: string[];
}

export interface DiscoverOptions {
  /** The OAuth fetch (see `guardedFetch`). */
  fetch: FetchLike;
  /** Origins endpoints may use besides the issuer's. @default [] */
  trustedOrigins?: readonly string[];
}

export async function discover(serverUrl: URL, options: DiscoverOptions): Promise<Discovered> {
  safeUrl(serverUrl, 'the server URL');
  const challenge = await probe(serverUrl, options.fetch);
  const resourceMetadataUrl = challenge.resourceMetadataUrl
    ? safeUrl(challenge.resourceMetadataUrl, 'the resource_metadata URL of the 401 challenge')
    : undefined;
  let prm: OAuthProtectedResourceMetadata;
  try {
    prm = await discoverOAuthProtectedResourceMetadata(serverUrl, resourceMetadataUrl ? { resourceMetadataUrl } : {}, options.fetch);
  } catch (error) {
    if (error instanceof UnsafeOAuthError || isSchemaError(error)) throw invalidDocument(error, 'the Protected Resource Metadata');
    const where = resourceMetadataUrl ? describeUrl(resourceMetadataUrl) : `the well-known URL of ${describeUrl(serverUrl)}`;
    throw new Error(`no usable Protected Resource Metadata (RFC 9728) at ${where}: ${(error as Error).message}`, { cause: error });
  }
  const resource = checkResource(serverUrl, prm.resource);
  const issuer = pickIssuer(prm);
  let metadata: AuthorizationServerMetadata | undefined;
  try {
    metadata = await discoverAuthorizationServerMetadata(issuer, { fetchFn: options.fetch });
  } catch (error) {
    throw invalidDocument(error, `the authorization server metadata of ${describeUrl(new URL(issuer))}`);
  }
  if (!metadata) throw new Error(`the authorization server ${describeUrl(new URL(issuer))} publishes no metadata (RFC 8414 or OpenID Connect Discovery)`);
  validateMetadata(metadata, issuer, options.trustedOrigins ?? []);
  return {
    resource,
    issuer,
    metadata,
    ...(challenge.scope !== undefined ? { challengeScope: challenge.scope } : {}),
    ...(prm.scopes_supported ? { scopesSupported: prm.scopes_supported } : {}),
  };
}

/** An unauthenticated `initialize`: a protected server answers 401 with its challenge. */
async function probe(serverUrl: URL, fetch: FetchLike): Promise<{ resourceMetadataUrl?: URL; scope?: string }> {
  const response = await fetch(serverUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-protocol-version': LATEST_PROTOCOL_VERSION },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'mcp-switchboard-login', version: '0' } },
    }),
  });
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 401) return {};
  const { resourceMetadataUrl, scope } = extractWWWAuthenticateParams(response);
  return { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), ...(scope !== undefined ? { scope } : {}) };
}

/** The metadata must describe this server (RFC 9728 §3.3, §7.3): same origin, a path prefix of its URL. */
function checkResource(serverUrl: URL, resource: string): string {
  const url = safeUrl(resource, 'the resource of the Protected Resource Metadata');
  if (url.hash !== '') throw new UnsafeOAuthError(`the resource ${describeUrl(url)} has a fragment (RFC 8707 §2); refused`);
  if (!checkResourceAllowed({ requestedResource: resourceUrlFromServerUrl(serverUrl), configuredResource: url })) {
    throw new UnsafeOAuthError(`the Protected Resource Metadata describes ${describeUrl(url)}, not ${describeUrl(serverUrl)}; refused (RFC 9728 §3.3)`);
  }
  return resource;
}

function pickIssuer(prm: OAuthProtectedResourceMetadata): string {
  const first = prm.authorization_servers?.[0];
  if (first === undefined) throw new Error('the Protected Resource Metadata names no authorization server (authorization_servers is empty)');
  safeUrl(first, 'the authorization server of the Protected Resource Metadata');
  return first;
}

/**
 * The checks the SDK leaves to its caller (it checks the issuer echo of RFC 8414 §3.3 itself).
 * Throws `UnsafeOAuthError` naming the field.
 */
function validateMetadata(metadata: AuthorizationServerMetadata, issuer: string, trustedOrigins: readonly string[]): void {
  const allowed = new Set([new URL(issuer).origin, ...trustedOrigins]);
  const endpoints: [string, string | undefined][] = [
    ['authorization_endpoint', metadata.authorization_endpoint],
    ['token_endpoint', metadata.token_endpoint],
    ['registration_endpoint', metadata.registration_endpoint],
    ['revocation_endpoint', (metadata as { revocation_endpoint?: string }).revocation_endpoint],
  ];
  for (const [field, value] of endpoints) {
    if (value === undefined) continue;
    const url = safeEndpoint(value, `the ${field}`);
    if (!allowed.has(url.origin)) {
      throw new UnsafeOAuthError(
        `the ${field} ${describeUrl(url)} is not on the issuer's origin ${new URL(issuer).origin}; refused (add "${url.origin}" to the server's oauth.trustedOrigins if this is intended)`,
      );
    }
  }
  if (!metadata.response_types_supported.includes('code')) {
    throw new UnsafeOAuthError('the authorization server does not support the authorization code flow (response_types_supported lacks "code")');
  }
  const methods = metadata.code_challenge_methods_supported;
  if (!methods?.includes('S256')) {
    throw new UnsafeOAuthError(
      `the authorization server does not advertise PKCE S256 (code_challenge_methods_supported: ${methods ? JSON.stringify(methods) : 'absent'}); refused, as the MCP authorization spec requires`,
    );
  }
  if (metadata.grant_types_supported && !metadata.grant_types_supported.includes('authorization_code')) {
    throw new UnsafeOAuthError('the authorization server does not support the authorization_code grant (grant_types_supported)');
  }
}

/** Issuer identifiers compared as URLs, tolerating one trailing slash. */
export function sameIssuer(a: string, b: string): boolean {
  const norm = (value: string) => {
    try {
      return new URL(value).href.replace(/\/$/, '');
    } catch {
      return value.replace(/\/$/, '');
    }
  };
  return norm(a) === norm(b);
}

/** A schema failure of the SDK's parse as an error that names the document and the fields. */
function invalidDocument(error: unknown, what: string): Error {
  if (!isSchemaError(error)) return error as Error;
  const issues = error.issues.map((issue) => `${issue.path.map(String).join('.') || '(document)'}: ${issue.message}`).join('; ');
  return new UnsafeOAuthError(`${what} is invalid and refused: ${issues}`, { cause: error });
}

/** A zod error (the SDK's copy of zod may not be ours, so not `instanceof`). */
function isSchemaError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return error instanceof Error && error.name === 'ZodError' && Array.isArray((error as { issues?: unknown }).issues);
}
