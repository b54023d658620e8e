/**
 * The factory the gateway uses: stdio, Streamable HTTP or SSE by the entry's kind. OAuth (or any
 * other wrapping of a remote server's `fetch`) comes in as an explicit option, looked up per entry
 * by id, so a copied or reloaded entry keeps its token. The arrow runs oauth/ → downstream/ (for
 * the `RemoteFetchWrapper` type only); downstream/ imports nothing from oauth/.
 */
import type { ServerEntry } from '../../config/schema.js';
import { cappedFetch } from '../capped-fetch.js';
import { redactUrl, withUrlCredentials } from '../transports.js';
import type { RemoteFetchWrapper, TransportFactory } from './factory.js';
import { createSseTransport } from './sse.js';
import { createStdioTransport } from './stdio.js';
import { createStreamableHttpTransport } from './streamable-http.js';

type RemoteEntry = Extract<ServerEntry, { kind: 'remote' }>;

export interface DefaultTransportOptions {
  /** The `fetch` wrapper for one remote server, if any (the gateway passes its OAuth sessions). */
  remoteFetch?: (entry: RemoteEntry) => RemoteFetchWrapper | undefined;
}

export function defaultTransportFactory(options: DefaultTransportOptions = {}): TransportFactory {
  return {
    create(entry, context) {
      if (entry.kind === 'stdio') return createStdioTransport(entry, context);
      const kind = context.remote ?? (entry.transport === 'auto' ? 'streamable-http' : entry.transport);
      const { url, headers } = withUrlCredentials(new URL(entry.url), entry.headers);
      // Header values are secrets (tokens): log their names only.
      context.logger.debug('connecting', { url: redactUrl(url), transport: kind, headers: Object.keys(headers) });
      const capped = cappedFetch(context.maxMessageBytes);
      const fetch = options.remoteFetch?.(entry)?.(capped) ?? capped;
      return kind === 'sse' ? createSseTransport(url, { headers }, fetch) : createStreamableHttpTransport(url, { headers }, fetch);
    },
  };
}
