/**
 * The example catalog's real third-party servers (installed from the npm registry) through the
 * gateway, launched the way Claude Desktop launches a server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/gateway-client.js';
import { CLI, ROOT } from '../helpers/paths.js';

/** The one `mcpServers` entry the README tells Claude Desktop users to add. */
const claudeDesktopConfig = {
  mcpServers: {
    switchboard: {
      command: process.execPath,
      args: [CLI, 'serve', '--config', join(ROOT, 'servers.example.yaml')],
    },
  },
};

describe('the example catalog through the gateway', () => {
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    const entry = claudeDesktopConfig.mcpServers.switchboard;
    const transport = new StdioClientTransport({
      command: entry.command,
      args: entry.args,
      // A GUI host gives a short environment (here: no node on PATH) and starts the server elsewhere.
      env: { PATH: '/usr/sbin:/sbin', HOME: process.env.HOME ?? '/tmp', MEMORY_FILE_PATH: join(mkdtempSync(join(tmpdir(), 'sb-mem-')), 'memory.jsonl') },
      cwd: mkdtempSync(join(tmpdir(), 'sb-cwd-')),
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'claude-desktop-like', version: '1.0.0' });
    await client.connect(transport);
    await eventually(
      async () => {
        const names = (await client.listTools()).tools.map((t) => t.name);
        return ['everything__echo', 'memory__read_graph', 'files__list_allowed_directories'].every((n) => names.includes(n));
      },
      { timeout: 15_000 },
    );
  }, 30_000);

  afterAll(async () => {
    await client?.close();
  });

  it('lists every server of the catalog under its namespace', async () => {
    const { tools } = await client.listTools();
    const byServer = new Map<string, number>();
    for (const tool of tools) {
      const server = tool.name.split('__')[0] ?? '';
      byServer.set(server, (byServer.get(server) ?? 0) + 1);
    }
    expect([...byServer.keys()].sort()).toEqual(['everything', 'files', 'memory']);
    expect(byServer.get('memory')).toBeGreaterThanOrEqual(5);
  });

  it('calls a tool of the everything server', async () => {
    const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'through the switchboard' } });
    expect(JSON.stringify(result.content)).toContain('through the switchboard');
  });

  it('calls a tool of the memory server and reads back what it stored', async () => {
    await client.callTool({
      name: 'memory__create_entities',
      arguments: { entities: [{ name: 'Switchboard', entityType: 'project', observations: ['federates MCP servers'] }] },
    });
    const graph = await client.callTool({ name: 'memory__read_graph', arguments: {} });
    expect(JSON.stringify(graph)).toContain('federates MCP servers');
  });

  it('calls a tool of the filesystem server, rooted in the catalog folder', async () => {
    const result = await client.callTool({ name: 'files__list_allowed_directories', arguments: {} });
    expect(JSON.stringify(result.content)).toContain(ROOT.replace(/\/$/, ''));
  });

  it('lists and reads resources of the everything server through advertised URIs', async () => {
    const { resources } = await client.listResources();
    const first = resources.find((r) => r.uri.startsWith('everything+'));
    expect(first).toBeDefined();
    const read = await client.readResource({ uri: first!.uri });
    expect(read.contents[0]?.uri).toBe(first!.uri);
  });

  it('logs to stderr only', () => {
    expect(stderr).toMatch(/server\(s\) ready/);
  });
});
