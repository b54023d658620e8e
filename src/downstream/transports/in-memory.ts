/**
 * The in-memory kind, for tests: every entry id maps to an SDK server that the factory links to the
 * client over `InMemoryTransport.createLinkedPair()`. No process, no socket.
 */
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { Transport } from '@modelcontextprotocol/server';
import { GuardedTransport } from '../guarded-transport.js';
import { bare, type TransportFactory } from './factory.js';

/** Something that serves MCP over a transport it is given, e.g. an SDK `McpServer` or `Server`. */
export interface InMemoryServer {
  connect(transport: Transport): Promise<void>;
}

/** `servers[id]()` makes the server for one attempt (a fresh one each time, as a restart would). */
export function inMemoryTransportFactory(servers: Record<string, () => InMemoryServer>): TransportFactory {
  return {
    create(entry) {
      const make = servers[entry.id];
      if (make === undefined) throw new Error(`no in-memory server for "${entry.id}"`);
      const [client, server] = InMemoryTransport.createLinkedPair();
      void make().connect(server);
      return bare(entry.kind === 'stdio' ? 'stdio' : 'streamable-http', new GuardedTransport(client));
    },
  };
}
