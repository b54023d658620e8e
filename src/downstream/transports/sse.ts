/** The legacy HTTP+SSE kind (protocol 2024-11-05 servers). */
import { SSEClientTransport } from '@modelcontextprotocol/client';
import { GuardedTransport } from '../guarded-transport.js';
import { bare, type CreatedTransport, type Fetch } from './factory.js';

export function createSseTransport(url: URL, requestInit: RequestInit, fetch: Fetch): CreatedTransport {
  return bare('sse', new GuardedTransport(new SSEClientTransport(url, { requestInit, fetch })));
}
