import { McpServer } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';
import { DownstreamPool } from '../../../src/downstream/pool.js';
import type { RemoteFetchWrapper } from '../../../src/downstream/transports.js';
import { defaultTransportFactory } from '../../../src/downstream/transports/default.js';
import { inMemoryTransportFactory } from '../../../src/downstream/transports/in-memory.js';
import { silentLogger } from '../../../src/log.js';

const catalog = (servers: string) => parseCatalog(`servers:\n${servers}`, { env: {}, cwd: '/tmp' });

describe('transport factory', () => {
  it('gives a copied server entry the fetch wrapper (its OAuth token) of the original', async () => {
    const [entry] = catalog('  docs: { url: "http://127.0.0.1:9/mcp", transport: streamable-http }\n').servers;
    const seen: string[] = [];
    const wrap: RemoteFetchWrapper = () => async (url) => {
      seen.push(String(url));
      return new Response('no', { status: 500 });
    };
    const wrappers = new Map([['docs', wrap]]);
    const factory = defaultTransportFactory({ remoteFetch: (e) => wrappers.get(e.id) });
    // A copy, as a reload or a default-applying step makes one: the wrapper must still apply.
    const created = factory.create({ ...entry! }, { logger: silentLogger, maxMessageBytes: 1 << 20 });
    await created.transport.start();
    await expect(created.transport.send({ jsonrpc: '2.0', id: 1, method: 'ping' })).rejects.toThrow();
    expect(seen).toEqual(['http://127.0.0.1:9/mcp']);
    await created.transport.close();
  });

  it('connects the pool to an in-memory server and lists its tools', async () => {
    const server = () => {
      const mcp = new McpServer({ name: 'mem', version: '1' });
      mcp.registerTool('echo', { description: 'echo' }, () => ({ content: [{ type: 'text', text: 'hi' }] }));
      return mcp;
    };
    const entries = catalog('  mem: { command: unused }\n').servers;
    const pool = new DownstreamPool(entries, { clientInfo: { name: 't', version: '0' }, transports: inMemoryTransportFactory({ mem: server }) }, silentLogger);
    try {
      await pool.start();
      expect(pool.ready('mem')).toBe(true);
      expect(
        pool
          .snapshots()
          .find((s) => s.serverId === 'mem')
          ?.tools.map((t) => t.name),
      ).toEqual(['echo']);
    } finally {
      await pool.stop();
    }
  });
});
