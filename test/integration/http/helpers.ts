/**
 * An in-process gateway served over loopback HTTP, with real fixture servers behind it, and
 * small raw-HTTP helpers for the protocol edges an SDK client never produces.
 */
import { Client, StreamableHTTPClientTransport, LATEST_PROTOCOL_VERSION } from '@modelcontextprotocol/client';
import type { ClientCapabilities } from '@modelcontextprotocol/client';
import { loadCatalog } from '../../../src/config/index.js';
import { Gateway } from '../../../src/gateway.js';
import type { HttpServeOptions, HttpServing } from '../../../src/upstream/http/server.js';
import { startHttpServer } from '../../../src/upstream/http/server.js';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { fixture } from '../../helpers/paths.js';

export const TOKEN = 'test-token-0123456789abcdef';
export const OTHER_TOKEN = 'other-token-0123456789abcdef';

/** Two stdio fixture servers: `alpha__*` and `beta__*` tools. */
export const FIXTURE_CATALOG = `
servers:
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha, --tools, "2"]
  beta:
    command: node
    args: [${fixture('fixture-server')}, --name, beta]
`;

export interface HttpGateway {
  gateway: Gateway;
  serving: HttpServing;
  url: string;
  stop: () => Promise<void>;
}

/** Starts a gateway on `yaml` and serves it over HTTP; resolves once every server has settled. */
export async function startHttpGateway(
  yaml: string = FIXTURE_CATALOG,
  options: HttpServeOptions = {},
  clientCapabilities: ClientCapabilities = {},
): Promise<HttpGateway> {
  const catalog = await loadCatalog(await writeCatalog(yaml), process.env);
  const gateway = new Gateway(catalog);
  // Capabilities given: the pool is shared as `serve --http` shares it (tools needing one are learned).
  const started = gateway.start(clientCapabilities, { shared: Object.keys(clientCapabilities).length > 0 });
  const serving = await startHttpServer(gateway, { tokens: [TOKEN], started, ...options });
  await started;
  return {
    gateway,
    serving,
    url: serving.url,
    stop: async () => {
      await serving.close();
      await gateway.stop();
    },
  };
}

/** An SDK client connected over Streamable HTTP with `token` as its bearer token. */
export async function connectClient(
  url: string,
  token: string | undefined = TOKEN,
  fetchImpl?: typeof fetch,
  era: 'legacy' | '2026-07-28' = 'legacy',
  capabilities: ClientCapabilities = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } },
    ...(fetchImpl && { fetch: fetchImpl }),
  });
  const client = new Client(
    { name: 'http-test-host', version: '1.0.0' },
    { capabilities, versionNegotiation: { mode: era === 'legacy' ? 'legacy' : { pin: era } } },
  );
  await client.connect(transport);
  return { client, transport };
}

export const MCP_HEADERS = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
};

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 0,
  method: 'initialize',
  params: { protocolVersion: LATEST_PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

/** A raw POST to `url` (headers exactly as given, plus the bearer token unless `token` is null). */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}, token: string | null = TOKEN): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { ...MCP_HEADERS, ...(token !== null && { authorization: `Bearer ${token}` }), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Opens a raw session with `initialize` + `notifications/initialized`; returns its id. */
export async function openSession(url: string, token: string = TOKEN): Promise<string> {
  const response = await post(url, INITIALIZE, {}, token);
  const id = response.headers.get('mcp-session-id');
  await response.text();
  if (!response.ok || !id) throw new Error(`initialize failed: ${response.status}`);
  const ack = await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, { 'mcp-session-id': id }, token);
  await ack.text();
  return id;
}

/** The JSON-RPC error of a refusal body. */
export async function errorOf(response: Response): Promise<{ code: number; message: string }> {
  const body = (await response.json()) as { jsonrpc: string; error: { code: number; message: string }; id: null };
  if (body.jsonrpc !== '2.0' || body.id !== null) throw new Error(`not a JSON-RPC error body: ${JSON.stringify(body)}`);
  return body.error;
}
