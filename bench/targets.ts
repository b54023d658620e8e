/**
 * What a measurement talks to: a fixture server directly, or the gateway in front of K of them,
 * over stdio or Streamable HTTP. Starting one is the cold-start measurement: from spawn to a
 * complete tools/list.
 */
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import type { Client } from '@modelcontextprotocol/client';
import { connectClient, listToolNames, waitForTools } from './client.js';
import { GATEWAY_CLI, HTTP_FIXTURE, ROOT, STDIO_FIXTURE, fixtureArgs } from './paths.js';
import { spawnAnnounced, stopChild } from './processes.js';
import { since } from './stats.js';

export type TransportKind = 'stdio' | 'http';

export interface Target {
  client: Client;
  /** The process whose own peak RSS is reported: the gateway (undefined for direct). */
  pid: number | undefined;
  echo: string;
  blob: string;
  toolCount: number;
  /** Spawn to a complete tools/list, ms. */
  coldMs: number;
  close(): Promise<void>;
}

const START_TIMEOUT_MS = 60_000;

/** Extra node flags for the gateway process, e.g. `--cpu-prof --cpu-prof-dir=bench/results/prof`. */
const gatewayNodeArgs = (): string[] => (process.env.BENCH_GATEWAY_NODE_ARGS ?? '').split(' ').filter(Boolean);

export async function startDirect(kind: TransportKind, tools: number, name = 'direct'): Promise<Target> {
  const start = process.hrtime.bigint();
  const connection = kind === 'stdio' ? await directStdio(name, tools) : await directHttp(name, tools);
  const names = await listToolNames(connection.client);
  return finish(connection, names, names.length, since(start), 'echo', 'blob');
}

/** Gateway in front of the servers of `catalog` (server ids s0…); the calls go to s0. */
export async function startGateway(kind: TransportKind, catalog: string, expectedTools: number): Promise<Target> {
  const start = process.hrtime.bigint();
  const connection = kind === 'stdio' ? await gatewayStdio(catalog) : await gatewayHttp(catalog);
  const names = await waitForTools(connection.client, expectedTools, START_TIMEOUT_MS).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  return finish(connection, names, expectedTools, since(start), 's0__echo', 's0__blob');
}

/** The fair cold-start baseline: K direct connections started in parallel, all listed. */
export async function coldStartParallel(kind: TransportKind, servers: number, tools: number): Promise<number> {
  const start = process.hrtime.bigint();
  const targets = await Promise.allSettled(Array.from({ length: servers }, (_, i) => startDirect(kind, tools, `p${i}`)));
  const elapsed = since(start);
  await Promise.all(targets.map((t) => (t.status === 'fulfilled' ? t.value.close() : undefined)));
  const failed = targets.find((t): t is PromiseRejectedResult => t.status === 'rejected');
  if (failed) throw failed.reason;
  return elapsed;
}

interface Connection {
  client: Client;
  pid: number | undefined;
  close(): Promise<void>;
}

function finish(connection: Connection, names: string[], expected: number, coldMs: number, echo: string, blob: string): Target {
  for (const needed of [echo, blob]) {
    if (!names.includes(needed)) throw new Error(`tool "${needed}" missing from tools/list (${names.length} tools)`);
  }
  if (names.length !== expected) throw new Error(`expected ${expected} tools, got ${names.length}`);
  return { ...connection, echo, blob, toolCount: names.length, coldMs };
}

async function stdioConnection(args: string[], env: Record<string, string>, isGateway: boolean): Promise<Connection> {
  const transport = new StdioClientTransport({ command: process.execPath, args, env, cwd: ROOT, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  try {
    const client = await connectClient(transport);
    return { client, pid: isGateway ? (transport.pid ?? undefined) : undefined, close: () => client.close() };
  } catch (error) {
    await transport.close();
    throw new Error(`${args.join(' ')} failed to start: ${String(error)}\n${stderr}`, { cause: error });
  }
}

function directStdio(name: string, tools: number): Promise<Connection> {
  return stdioConnection([STDIO_FIXTURE, ...fixtureArgs(name, tools)], {}, false);
}

function gatewayStdio(catalog: string): Promise<Connection> {
  return stdioConnection([...gatewayNodeArgs(), GATEWAY_CLI, 'serve', '--config', catalog], { MCP_SWITCHBOARD_LOG: 'warn' }, true);
}

async function httpConnection(url: string, stop: () => Promise<void>, pid: number | undefined): Promise<Connection> {
  try {
    // Node's fetch piles an abort listener per request on the transport's shared signal, which
    // slows the measuring client down more and more; the benchmark never aborts, so it sends none.
    const client = await connectClient(new StreamableHTTPClientTransport(new URL(url), { fetch: (input, init) => fetch(input, { ...init, signal: null }) }));
    return {
      client,
      pid,
      close: async () => {
        await client.close();
        await stop();
      },
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function directHttp(name: string, tools: number): Promise<Connection> {
  const { child, value: port } = await spawnAnnounced([HTTP_FIXTURE, '--port', '0', ...fixtureArgs(name, tools)], /LISTENING (\d+)/, START_TIMEOUT_MS);
  return httpConnection(`http://127.0.0.1:${port}/mcp`, () => stopChild(child), undefined);
}

async function gatewayHttp(catalog: string): Promise<Connection> {
  const args = [...gatewayNodeArgs(), GATEWAY_CLI, 'serve', '--config', catalog, '--http', '--port', '0', '--no-auth'];
  const { child, value: url } = await spawnAnnounced(args, /listening on (http:\/\/\S+)/, START_TIMEOUT_MS, { ...process.env, MCP_SWITCHBOARD_LOG: 'info' });
  return httpConnection(url, () => stopChild(child), child.pid);
}
