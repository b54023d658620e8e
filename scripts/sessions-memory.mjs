#!/usr/bin/env node
/**
 * Memory of `serve --http` when a client opens many sessions and never closes them.
 *
 *   npm run build && node scripts/sessions-memory.mjs [sessions] [maxSessions]
 *
 * Opens `sessions` (default 5000) sessions with `initialize` on loopback, 50 at a time, against a
 * catalog with `settings.http.maxSessions` (default 1000); prints the gateway's RSS before and
 * after (from /proc, Linux only) and how the requests were answered.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { URL } from 'node:url';

const { fetch } = globalThis;

const total = Number(process.argv[2] ?? 5000);
const maxSessions = Number(process.argv[3] ?? 1000);
const token = 'sessions-memory-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'switchboard-sessions-'));
const fixture = resolve('test/fixtures/dist/fixture-server.js');
writeFileSync(
  join(dir, 'servers.yaml'),
  `settings:\n  http: { maxSessions: ${maxSessions}, token: ${token} }\nservers:\n  alpha:\n    command: node\n    args: [${JSON.stringify(fixture)}, --name, alpha]\n`,
);
const gateway = spawn(process.execPath, [resolve('dist/cli.js'), 'serve', '--http', '--port', '0', '--config', join(dir, 'servers.yaml')], {
  stdio: ['ignore', 'ignore', 'pipe'],
});
const url = await new Promise((done) => {
  let text = '';
  gateway.stderr.on('data', (chunk) => {
    text += chunk.toString();
    const found = /listening on (http:\/\/\S+)/.exec(text)?.[1];
    if (found) done(found);
  });
});
const rssMb = () => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
const before = rssMb();
const body = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'many', version: '1' } },
});
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const answers = {};
for (let sent = 0; sent < total; sent += 50) {
  await Promise.all(
    Array.from({ length: Math.min(50, total - sent) }, async () => {
      const response = await fetch(url, { method: 'POST', headers, body });
      await response.text();
      answers[response.status] = (answers[response.status] ?? 0) + 1;
    }),
  );
}
const after = rssMb();
const status = await (await fetch(new URL('/status', url), { headers })).json();
process.stdout.write(`${JSON.stringify({ sessions: total, maxSessions, rssBeforeMb: before, rssAfterMb: after, answers, openSessions: status.sessions })}\n`);
gateway.kill('SIGTERM');
