/**
 * CORS for browser clients whose Origin passed the origin policy (localhost pages such as the
 * Inspector's web UI in direct mode, or origins the catalog allows). Requests without Origin get
 * no CORS headers; a refused Origin never reaches here.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALLOW_HEADERS = 'authorization, content-type, accept, mcp-session-id, mcp-protocol-version, last-event-id';
const EXPOSE_HEADERS = 'mcp-session-id, mcp-protocol-version, www-authenticate';

/** Adds CORS response headers when the (already validated) request carries an Origin. */
export function applyCors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('access-control-expose-headers', EXPOSE_HEADERS);
  res.setHeader('vary', 'Origin');
}

/** Answers a CORS preflight (OPTIONS) without authentication, as browsers send it without credentials. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): void {
  applyCors(req, res);
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
    'access-control-allow-headers': ALLOW_HEADERS,
    'access-control-max-age': '600',
  });
  res.end();
}
