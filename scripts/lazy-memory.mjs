#!/usr/bin/env node
/**
 * Memory of a stdio host's gateway on the example catalog when the host uses one server: every
 * server eager (the default) against every server lazy (`settings.defaults.start: lazy`).
 *
 *   npm run build && node scripts/lazy-memory.mjs [path/to/dist/cli.js] [tool]
 *
 * For each mode: a gateway is started over stdio on a copy of servers.example.yaml (paths made
 * absolute), a host initializes, lists tools, prompts and resources, and calls one tool
 * (default `memory__read_graph`); then the RSS of the gateway's whole process tree is read from
 * /proc (Linux only), after the lists and after the call. Lazy mode runs once beforehand so the
 * servers' snapshots exist (a never-seen lazy server is started once to learn its lists).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import process from 'node:process';
import { setTimeout as sleep } from 'node:timers/promises';

const root = resolve(import.meta.dirname, '..');
const cli = resolve(process.argv[2] ?? join(root, 'dist/cli.js'));
const tool = process.argv[3] ?? 'memory__read_graph';

/** The example catalog, runnable from anywhere, optionally with every server lazy. */
function catalog(lazy) {
  let yaml = readFileSync(join(root, 'servers.example.yaml'), 'utf8')
    .replaceAll('node_modules/', `${root}/node_modules/`)
    .replace('"${FILES_ROOT:-.}"', JSON.stringify(root));
  if (lazy) yaml = yaml.replace(/^settings:\n/m, 'settings:\n  defaults: { start: lazy }\n');
  const dir = mkdtempSync(join(tmpdir(), `switchboard-lazy-memory-${lazy ? 'lazy' : 'eager'}-`));
  writeFileSync(join(dir, 'servers.yaml'), yaml);
  return join(dir, 'servers.yaml');
}

/** Pids of `pid` and every process below it. */
function tree(pid) {
  const children = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch {
      // gone meanwhile
    }
  }
  const out = [];
  const walk = (p) => {
    out.push(p);
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

const rssKb = (pid) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    return 0;
  }
};

function measure(pid) {
  const pids = tree(pid);
  return { processes: pids.length, treeMb: Math.round(pids.reduce((sum, p) => sum + rssKb(p), 0) / 1024), gatewayMb: Math.round(rssKb(pid) / 1024) };
}

/** A host over stdio, by hand: newline-delimited JSON-RPC. */
function host(file) {
  const child = spawn(process.execPath, [cli, 'serve', '--config', file], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, MCP_SWITCHBOARD_LOG: 'warn' },
  });
  child.stderr.resume();
  const waiting = new Map();
  let buffer = '';
  child.stdout.on('data', (chunk) => {
    buffer += chunk.toString();
    for (let index = buffer.indexOf('\n'); index >= 0; index = buffer.indexOf('\n')) {
      const line = buffer.slice(0, index);
      buffer = buffer.slice(index + 1);
      const message = JSON.parse(line);
      if (message.id !== undefined && waiting.has(message.id)) {
        waiting.get(message.id)(message);
        waiting.delete(message.id);
      }
    }
  });
  let next = 1;
  const request = (method, params = {}) =>
    new Promise((done) => {
      const id = next++;
      waiting.set(id, done);
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const notify = (method) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method })}\n`);
  const exited = new Promise((done) => child.once('exit', done));
  return { child, request, notify, close: () => (child.stdin.end(), exited) };
}

async function run(file) {
  const h = host(file);
  await h.request('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'memory-probe', version: '1' } });
  h.notify('notifications/initialized');
  const tools = await h.request('tools/list');
  await h.request('prompts/list');
  await h.request('resources/list');
  await sleep(3000); // let whatever the gateway starts come up and settle
  const listed = measure(h.child.pid);
  const call = await h.request('tools/call', { name: tool, arguments: {} });
  await sleep(1000);
  const called = measure(h.child.pid);
  await h.close();
  return { tools: tools.result?.tools?.length ?? 0, callOk: call.result !== undefined && call.result.isError !== true, listed, called };
}

const eagerFile = catalog(false);
const lazyFile = catalog(true);
const eager = await run(eagerFile);
await run(lazyFile); // learns the snapshots
const lazy = await run(lazyFile);
const row = (mode, r) =>
  `${mode.padEnd(6)} tools ${String(r.tools).padStart(3)}  after lists: ${r.listed.processes} processes, ${r.listed.treeMb} MB (gateway ${r.listed.gatewayMb} MB)  after one call to ${tool}: ${r.called.processes} processes, ${r.called.treeMb} MB${r.callOk ? '' : ' (call failed)'}`;
process.stdout.write(`${row('eager', eager)}\n${row('lazy', lazy)}\n`);
