/**
 * Sentinel secrets in env, headers and URLs never show up in what the gateway writes: logs at
 * debug level, errors sent to hosts, `list --json` output, whatever fails.
 */
import { spawn } from 'node:child_process';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import { eventually, writeCatalog } from '../helpers/gateway-client.js';
import { CLI, fixture } from '../helpers/paths.js';

const ENV_SECRET = 'sentinel-env-7f3a9c';
const HEADER_SECRET = 'sentinel-header-b41d';
const URL_SECRET = 'sentinel-url-c0ffee';

const catalog = `
settings:
  defaults: { connectTimeout: 1500 }
servers:
  leaky:
    # Prints its secret to stderr and dies before initialize: the secret reaches the stderr tail.
    command: sh
    args: [-c, 'echo "token is $API_TOKEN" >&2; exit 1']
    env: { API_TOKEN: "\${SB_TEST_SECRET}" }
  remote:
    url: http://user:${URL_SECRET}@127.0.0.1:1/mcp
    headers: { Authorization: "Bearer ${HEADER_SECRET}" }
  fine:
    command: node
    args: [${fixture('fixture-server')}, --name, fine]
  crashy:
    # Prints its secret to stderr, then serves: crashes, timeouts and oversized replies all carry
    # the stderr tail into their errors.
    command: sh
    args: [-c, 'echo "my key is $API_KEY" >&2; exec "$NODE" "$FIXTURE" --name crashy']
    env: { API_KEY: "\${SB_TEST_SECRET}", NODE: "${process.execPath}", FIXTURE: "${fixture('fault-server')}" }
    timeout: 300
    maxMessageBytes: 4096
`;

const env = { SB_TEST_SECRET: ENV_SECRET, MCP_SWITCHBOARD_LOG: 'debug' };

function expectNoSentinel(text: string): void {
  for (const secret of [ENV_SECRET, HEADER_SECRET, URL_SECRET]) expect(text).not.toContain(secret);
}

describe('secrets', () => {
  it('are redacted from debug logs and from errors sent to the host', async () => {
    const file = await writeCatalog(catalog);
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'serve', '--config', file], env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const client = new Client({ name: 'host', version: '1' });
    await client.connect(transport);
    try {
      await client.listTools();
      const errors: string[] = [];
      for (const name of ['leaky__anything', 'remote__anything']) {
        const error = await client.callTool({ name, arguments: {} }).catch((e: unknown) => e);
        errors.push(JSON.stringify(error), String((error as Error).message));
      }
      // Failures of every kind from a server whose stderr holds the secret.
      for (const [tool, args] of [
        ['hang', {}],
        ['huge', { bytes: 100_000 }],
        ['crash', {}],
      ] as const) {
        await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'crashy__echo'), { what: 'crashy back after its restart' });
        const error = await client.callTool({ name: `crashy__${tool}`, arguments: args }).catch((e: unknown) => e);
        expect(error, tool).toBeInstanceOf(Error);
        errors.push(JSON.stringify(error), String((error as Error).message));
      }
      const status = await client.readResource({ uri: 'switchboard://status' });
      expect(stderr).toContain('[redacted]');
      // The errors did carry the server's stderr (where the secret was), redacted.
      expect(errors.join('\n')).toMatch(/crashy.*stderr: my key is \[redacted\]/);
      expectNoSentinel(stderr);
      expectNoSentinel(errors.join('\n'));
      expectNoSentinel(JSON.stringify(status));
    } finally {
      await client.close();
    }
  });

  it('are redacted from list --json output', async () => {
    const file = await writeCatalog(catalog);
    const child = spawn(process.execPath, [CLI, 'list', '--config', file, '--json'], { env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise((resolve) => child.once('exit', resolve));
    expect(output).toContain('"fine"');
    expectNoSentinel(output);
  });
});
