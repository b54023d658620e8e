#!/usr/bin/env node
/**
 * Memory of the gateway under a log flood, with a host that never reads its stdout.
 *
 *   npm run build && node scripts/flood-memory.mjs [path/to/dist/cli.js] [seconds]
 *
 * One downstream server sends 200,000 `notifications/message` lines at full speed right after
 * initialize; the host initializes and then stops reading. Prints the gateway's peak and final
 * RSS (from /proc, Linux only).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { clearInterval, setInterval, setTimeout } from 'node:timers';

const cli = resolve(process.argv[2] ?? 'dist/cli.js');
const seconds = Number(process.argv[3] ?? 12);
const dir = mkdtempSync(join(tmpdir(), 'switchboard-flood-'));

const server = `
const send = (m) => process.stdout.write(JSON.stringify(m) + '\\n');
require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const m = JSON.parse(line);
  if (m.method === 'initialize') send({ jsonrpc: '2.0', id: m.id, result: { protocolVersion: '2025-11-25', capabilities: { tools: {}, logging: {} }, serverInfo: { name: 'flood', version: '1' } } });
  else if (m.method === 'tools/list') send({ jsonrpc: '2.0', id: m.id, result: { tools: [{ name: 'x', inputSchema: { type: 'object' } }] } });
  else if (m.method === 'notifications/initialized') flood(200000);
  else if (m.id !== undefined) send({ jsonrpc: '2.0', id: m.id, result: {} });
});
function flood(n) {
  const line = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x'.repeat(200) } }) + '\\n';
  let left = n;
  const pump = () => { while (left > 0) { left--; if (!process.stdout.write(line)) return process.stdout.once('drain', pump); } };
  pump();
}
setInterval(() => {}, 1000);
`;
writeFileSync(join(dir, 'flood.cjs'), server);
writeFileSync(join(dir, 'servers.yaml'), `servers:\n  flood:\n    command: node\n    args: [${JSON.stringify(join(dir, 'flood.cjs'))}]\n`);

const gateway = spawn(process.execPath, [cli, 'serve', '--config', join(dir, 'servers.yaml')], { stdio: ['pipe', 'pipe', 'ignore'] });
const send = (m) => gateway.stdin.write(`${JSON.stringify(m)}\n`);
send({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'stuck-host', version: '1' } },
});
let reading = true;
gateway.stdout.on('data', (chunk) => {
  if (reading && chunk.toString().includes('"id":1')) {
    reading = false;
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    // From here on the host reads nothing at all.
    gateway.stdout.pause();
  }
});

const rssMb = () => {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${gateway.pid}/status`, 'utf8'))?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
};
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 250);
setTimeout(() => {
  clearInterval(sampler);
  const final = rssMb();
  process.stdout.write(`${JSON.stringify({ cli, seconds, peakRssMb: peak, finalRssMb: final, exited: gateway.exitCode !== null })}\n`);
  gateway.kill('SIGTERM');
  process.exit(0);
}, seconds * 1000);
