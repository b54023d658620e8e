/**
 * The loopback redirect of a login (RFC 8252 §7.3): an HTTP server on 127.0.0.1 that waits for
 * one `GET /callback?code=…&state=…`, checks `state`, and answers the browser with a short page.
 * Anything else gets 404 / 400 and the wait goes on; the wait is bounded.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface CallbackResult {
  code: string;
  /** RFC 9207 `iss`, when the authorization server sent it. */
  iss?: string;
}

export interface CallbackServer {
  /** `http://127.0.0.1:<port>/callback`. */
  redirectUri: string;
  /** Settles with the first callback carrying the right `state` (or the server's error), or on timeout. */
  result: Promise<CallbackResult>;
  close(): Promise<void>;
}

export interface CallbackOptions {
  /** 0 picks a free port. @default 0 */
  port?: number;
  /** The `state` sent with the authorization request. */
  state: string;
  /** How long to wait for the callback, in ms. */
  timeoutMs: number;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font-family:sans-serif"><h1>${title}</h1><p>${text}</p></body>`;

export async function startCallbackServer(options: CallbackOptions): Promise<CallbackServer> {
  let settle!: { resolve: (value: CallbackResult) => void; reject: (error: Error) => void };
  const result = new Promise<CallbackResult>((resolve, reject) => (settle = { resolve, reject }));
  // It may settle before anyone awaits it (an error callback while the URL is being shown).
  result.catch(() => undefined);
  let done = false;
  const finish = (outcome: CallbackResult | Error) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (outcome instanceof Error) settle.reject(outcome);
    else settle.resolve(outcome);
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const reply = (status: number, title: string, text: string) =>
      res
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' })
        .end(PAGE(title, text));
    if (req.method !== 'GET' || url.pathname !== '/callback') return void reply(404, 'Not found', 'This is the mcp-switchboard login callback.');
    if (done) return void reply(409, 'Already done', 'This login has already finished; you can close this window.');
    if (!sameSecret(url.searchParams.get('state') ?? '', options.state)) {
      return void reply(400, 'Login refused', 'The state parameter does not match this login; start the login again.');
    }
    const error = url.searchParams.get('error');
    if (error !== null) {
      const description = url.searchParams.get('error_description');
      reply(400, 'Login failed', 'The authorization server refused; see the terminal.');
      return void finish(new Error(`the authorization server answered "${error.slice(0, 100)}"${description ? `: ${description.slice(0, 300)}` : ''}`));
    }
    const code = url.searchParams.get('code');
    if (code === null || code === '') return void reply(400, 'Login failed', 'The callback carries no code.');
    const iss = url.searchParams.get('iss');
    reply(200, 'Logged in', 'mcp-switchboard received the authorization; you can close this window.');
    finish({ code, ...(iss !== null ? { iss } : {}) });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const timer = setTimeout(
    () =>
      finish(
        new Error(`no authorization arrived within ${options.timeoutMs < 1000 ? `${options.timeoutMs} ms` : `${Math.round(options.timeoutMs / 1000)} s`}`),
      ),
    options.timeoutMs,
  );

  return {
    redirectUri: `http://127.0.0.1:${port}/callback`,
    result,
    close: () =>
      new Promise<void>((resolve) => {
        finish(new Error('the login was cancelled'));
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
