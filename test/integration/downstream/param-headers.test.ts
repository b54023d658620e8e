/**
 * SEP-2243 towards a real 2026-07-28 server over Streamable HTTP (the v2 SDK's own `createMcpHandler`,
 * which checks `Mcp-Param-*` headers against its tools): the pool mirrors a tool's `x-mcp-header`
 * parameters, never offers a tool whose declarations are invalid, and lists the tools again when
 * the server says the headers disagree with its schema.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeHandler } from '@modelcontextprotocol/node';
import { createMcpHandler, McpServer } from '@modelcontextprotocol/server';
import { afterEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { ServerEntry } from '../../../src/config/schema.js';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import { eventually } from '../../helpers/eventually.js';
import { makePool, remoteEntry } from './helpers.js';

interface Remote {
  url: string;
  /** Headers of every `tools/call` POST the server received. */
  calls: IncomingHttpHeaders[];
  /** The header name `locate`'s `region` parameter declares (the server may change it without telling). */
  regionHeader: { name: string };
  close: () => Promise<void>;
}

async function startRemote(): Promise<Remote> {
  const calls: IncomingHttpHeaders[] = [];
  const regionHeader = { name: 'Region' };
  const factory = () => {
    const server = new McpServer({ name: 'headers', version: '1.0.0' });
    server.registerTool(
      'locate',
      { inputSchema: z.object({ region: z.string().meta({ 'x-mcp-header': regionHeader.name }), note: z.string().optional() }) },
      ({ region }) => ({ content: [{ type: 'text', text: `in ${region}` }] }),
    );
    server.registerTool('scored', { inputSchema: z.object({ score: z.number().meta({ 'x-mcp-header': 'Score' }) }) }, () => ({
      content: [{ type: 'text', text: 'never offered' }],
    }));
    return server;
  };
  const node = toNodeHandler(createMcpHandler(factory, { legacy: 'reject' }));
  const http: Server = createServer((req, res) => {
    if (req.headers['mcp-method'] === 'tools/call') calls.push(req.headers);
    void node(req, res);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    calls,
    regionHeader,
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}

const pools: DownstreamPool[] = [];
const remotes: Remote[] = [];

afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
  await Promise.all(remotes.splice(0).map((remote) => remote.close()));
});

async function readyPool(remote: Remote): Promise<DownstreamPool> {
  const entry: ServerEntry = { ...remoteEntry('geo', remote.url, 'streamable-http'), era: 'modern' };
  const pool = makePool([entry], pools);
  await pool.start();
  expect(pool.ready('geo')).toBe(true);
  return pool;
}

const toolNames = (pool: DownstreamPool) => pool.snapshots()[0]?.tools.map((tool) => tool.name);

describe('Mcp-Param-* headers to a 2026-07-28 server', () => {
  it('mirrors the declared parameters, encoded, and offers no tool with an invalid declaration', async () => {
    const remote = await startRemote();
    remotes.push(remote);
    const pool = await readyPool(remote);
    expect(toolNames(pool)).toEqual(['locate']);

    const result = await pool.request('geo', 'tools/call', { name: 'locate', arguments: { region: 'Zürich', note: 'n' } });
    expect(result.content).toEqual([{ type: 'text', text: 'in Zürich' }]);
    expect(remote.calls.at(-1)?.['mcp-param-region']).toBe(`=?base64?${Buffer.from('Zürich').toString('base64')}?=`);
    expect(remote.calls.at(-1)?.['mcp-param-note']).toBeUndefined();
  });

  it('lists the tools again when the server refuses the headers as not matching its schema', async () => {
    const remote = await startRemote();
    remotes.push(remote);
    const pool = await readyPool(remote);
    remote.regionHeader.name = 'Zone'; // the server's schema changes without list_changed

    await expect(pool.request('geo', 'tools/call', { name: 'locate', arguments: { region: 'eu' } })).rejects.toMatchObject({ code: -32020 });
    await eventually(() => expect(JSON.stringify(pool.snapshots()[0]?.tools)).toContain('"x-mcp-header":"Zone"'), { what: 'the tools listed again' });
    const result = await pool.request('geo', 'tools/call', { name: 'locate', arguments: { region: 'eu' } });
    expect(result.content).toEqual([{ type: 'text', text: 'in eu' }]);
    expect(remote.calls.at(-1)?.['mcp-param-zone']).toBe('eu');
  });
});
