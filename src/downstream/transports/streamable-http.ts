/** The Streamable HTTP kind (the current remote protocol). */
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/client';
import { GuardedTransport } from '../guarded-transport.js';
import { bare, type CreatedTransport, type Fetch } from './factory.js';

export function createStreamableHttpTransport(url: URL, requestInit: RequestInit, fetch: Fetch): CreatedTransport {
  const inner = new StreamableHTTPClientTransport(url, {
    requestInit,
    fetch,
    // The standalone GET stream: a few reconnects, then an error (the connection recycles).
    reconnectionOptions: { initialReconnectionDelay: 500, maxReconnectionDelay: 5000, reconnectionDelayGrowFactor: 2, maxRetries: 3 },
  });
  return bare('streamable-http', new GuardedTransport(inner));
}
