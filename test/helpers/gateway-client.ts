/**
 * Runs the real gateway CLI as a child process on a catalog written to a temp folder, and connects
 * an SDK client to it over stdio: exactly what a host does.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import type { ClientCapabilities, Notification } from '@modelcontextprotocol/client';
import { CLI } from './paths.js';

export interface GatewayClient {
  client: Client;
  transport: StdioClientTransport;
  /** Every notification the gateway sent, in order. */
  notifications: Notification[];
  /** What the gateway wrote to stderr so far. */
  stderr: () => string;
  catalogFile: string;
  close: () => Promise<void>;
}

export async function writeCatalog(yaml: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-test-'));
  const file = join(dir, 'servers.yaml');
  writeFileSync(file, yaml);
  return file;
}

export interface ConnectGatewayOptions {
  env?: Record<string, string>;
  capabilities?: ClientCapabilities;
  /** The host's era negotiation (the SDK's `versionNegotiation.mode`). @default 'legacy' */
  era?: 'legacy' | 'auto' | '2026-07-28';
  /** More arguments after `serve --config FILE`, e.g. `['--profile', 'p']`. */
  args?: string[];
  /** Serve this catalog file (a run before left state beside it); `yaml` is then ignored. @default a new file holding `yaml` */
  catalogFile?: string;
}

export async function connectGateway(yaml: string, options: ConnectGatewayOptions = {}): Promise<GatewayClient> {
  const catalogFile = options.catalogFile ?? (await writeCatalog(yaml));
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--config', catalogFile, ...(options.args ?? [])],
    env: { MCP_SWITCHBOARD_LOG: 'debug', ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const mode = options.era === '2026-07-28' ? { pin: '2026-07-28' as const } : (options.era ?? 'legacy');
  const client = new Client({ name: 'test-host', version: '1.0.0' }, { capabilities: options.capabilities ?? {}, versionNegotiation: { mode } });
  const notifications: Notification[] = [];
  client.fallbackNotificationHandler = async (notification) => {
    notifications.push(notification);
  };
  await client.connect(transport);
  return {
    client,
    transport,
    notifications,
    stderr: () => stderr,
    catalogFile,
    close: () => client.close(),
  };
}

export { eventually } from './eventually.js';
