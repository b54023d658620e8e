/**
 * The package entry (`exports` → dist/index.js, built by `npm test` before vitest) works as a library.
 */
import { Client, InMemoryTransport } from '@modelcontextprotocol/client';
import { describe, expect, it } from 'vitest';
import type * as Library from '../../src/index.js';
import { fixture, ROOT } from '../helpers/paths.js';

type Library = typeof Library;

describe('mcp-switchboard as a library', () => {
  it('loads a catalog, serves a session and routes a call through the published entry', async () => {
    // Resolved at run time through package.json `exports`, typed from the source it is built from.
    const entry = 'mcp-switchboard';
    const lib = (await import(entry)) as Library;
    const catalog = lib.parseCatalog(`servers:\n  lib:\n    command: node\n    args: [${fixture('fixture-server')}, --name, lib]\n`, { env: {}, cwd: ROOT });
    const gateway = new lib.Gateway(catalog);
    try {
      await gateway.start();
      const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
      await gateway.createSession().connect(serverSide);
      const client = new Client({ name: 'lib-user', version: '1.0.0' });
      await client.connect(clientSide);
      const result = await client.callTool({ name: 'lib__whoami', arguments: {} });
      expect(result.structuredContent).toEqual({ server: 'lib' });
      expect(lib.VERSION).toMatch(/^\d+\.\d+\.\d+/);
    } finally {
      await gateway.stop();
    }
  });
});
