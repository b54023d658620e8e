/**
 * `serve --metrics PORT` (stdio mode): `/metrics` on 127.0.0.1 only, for a Prometheus on the same
 * machine. No token (stdio mode has none); a `Host` that is not a loopback name is refused (403),
 * so a web page cannot read it through DNS rebinding. Anything but GET /metrics is 404.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isLoopbackHost } from '../shared/hosts.js';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

export async function listenForMetrics(metrics: () => Promise<{ contentType: string; body: string } | undefined>, port: number): Promise<MetricsListener> {
  const http = createServer((req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    if (!isLoopbackHost(host)) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden: only loopback Host names are served\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: GET /metrics\n');
      return;
    }
    metrics().then(
      (out) => {
        if (!out) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found: metrics are off\n');
        res.writeHead(200, { 'content-type': out.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : out.body);
      },
      () => void res.writeHead(500, { 'content-type': 'text/plain' }).end('Internal error\n'),
    );
  });
  http.requestTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, '127.0.0.1', () => {
      http.off('error', reject);
      resolve();
    });
  });
  const { port: bound } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/metrics`,
    close: () =>
      new Promise<void>((resolve) => {
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}
