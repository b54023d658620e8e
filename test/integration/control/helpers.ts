/**
 * The built CLI serving a catalog over stdio to an SDK client, as a host runs it, with the flags a
 * control test needs (`--no-watch`, `--ui`), and the control socket it makes.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { CLI, fixture } from '../../helpers/paths.js';
import { eventually } from '../../helpers/eventually.js';

export interface StdioGateway {
  client: Client;
  /** The gateway process's pid. */
  pid: number;
  stderr: () => string;
  close: () => Promise<void>;
}

/** A `fixture-server` entry named `name` (extra args appended). */
export const fixtureEntry = (name: string, ...args: string[]) =>
  `  ${name}:\n    command: node\n    args: [${[JSON.stringify(fixture('fixture-server')), '--name', name, ...args].join(', ')}]\n`;

export async function serveStdio(catalogFile: string, flags: string[] = []): Promise<StdioGateway> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'serve', '--config', catalogFile, ...flags],
    env: { MCP_SWITCHBOARD_LOG: 'debug' },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'control-test-host', version: '1.0.0' });
  await client.connect(transport);
  const pid = transport.pid;
  if (pid === null) throw new Error('the gateway has no pid');
  // The control socket is made once the gateway serves; wait for it.
  const socket = join(catalogFile, '..', '.switchboard', 'control', `${pid}.sock`);
  await eventually(() => statSync(socket, { throwIfNoEntry: false })?.isSocket() === true, { what: `control socket ${socket}` });
  return { client, pid, stderr: () => stderr, close: () => client.close() };
}

/** Server pids as the gateway itself reports them (its status resource). */
export async function livePids(client: Client): Promise<Record<string, number | undefined>> {
  const read = await client.readResource({ uri: 'switchboard://status' });
  const doc = JSON.parse((read.contents[0] as { text: string }).text) as { servers: { serverId: string; pid?: number }[] };
  return Object.fromEntries(doc.servers.map((s) => [s.serverId, s.pid]));
}

/** The socket files in a catalog's control folder. */
export const socketsOf = (catalogFile: string): string[] => readdirSync(join(catalogFile, '..', '.switchboard', 'control')).sort();
