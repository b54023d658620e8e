/**
 * Graceful shutdown: in-flight calls finish within the grace period, new requests are refused,
 * sessions close; past the grace period nothing waits any longer. And the CLI: `serve --http`
 * prints its URL and token, and leaves no child behind on SIGTERM.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually, writeCatalog } from '../../helpers/gateway-client.js';
import { CLI, fixture } from '../../helpers/paths.js';
import { connectClient, FIXTURE_CATALOG, INITIALIZE, post, startHttpGateway, TOKEN, type HttpGateway } from './helpers.js';

const inFlight = (gw: HttpGateway, id: string) => gw.gateway.statuses().find((s) => s.serverId === id)?.inFlight;

describe('graceful shutdown', () => {
  it('lets an in-flight call finish, then closes every session and refuses new connections', async () => {
    const gw = await startHttpGateway(undefined, { shutdownGraceMs: 60_000 });
    const { client } = await connectClient(gw.url);
    const call = client.callTool({ name: 'alpha__sleep', arguments: { ms: 400 } });
    await eventually(() => inFlight(gw, 'alpha') === 1, { what: 'the call running downstream' });
    const closing = gw.serving.close();
    const result = await call;
    expect(JSON.stringify(result.content)).toContain('slept 400');
    // close() resolved without waiting out the grace period, which is longer than the test's timeout.
    await closing;
    expect(gw.serving.sessions).toBe(0);
    await expect(post(gw.url, INITIALIZE)).rejects.toThrow();
    await gw.gateway.stop();
  });

  it('stops waiting for a call that outlives the grace period', async () => {
    const gw = await startHttpGateway(undefined, { shutdownGraceMs: 200 });
    const { client } = await connectClient(gw.url);
    let answered = false;
    void client.callTool({ name: 'alpha__sleep', arguments: { ms: 10_000 } }).then(
      () => (answered = true),
      () => {},
    );
    await eventually(() => inFlight(gw, 'alpha') === 1, { what: 'the call running downstream' });
    // Resolves at the grace period, long before the 10 s call would end (and the test time out).
    await gw.serving.close();
    expect(gw.serving.sessions).toBe(0);
    await gw.gateway.stop();
    expect(answered).toBe(false);
    await client.close();
  });
});

/** Runs the CLI and collects stderr until `pattern` shows up. */
function spawnCli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, MCP_SWITCHBOARD_TOKEN: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stderr: () => stderr };
}

function exited(child: ChildProcess, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    const timer = setTimeout(() => reject(new Error('the CLI did not exit in time')), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

function processesNamed(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes(marker) && !line.includes('ps -eo'));
}

describe('serve --http (CLI)', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  });

  it('prints the URL and a generated token with connect instructions, and stops every child on SIGTERM', async () => {
    const marker = `cli-http-${process.pid}`;
    const catalog = await writeCatalog(`servers:\n  alpha:\n    command: node\n    args: [${fixture('fixture-server')}, --name, ${marker}]\n`);
    const run = spawnCli(['serve', '--config', catalog, '--http', '--port', '0']);
    children.push(run.child);
    const url = await eventually(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(run.stderr())?.[1], { timeout: 10_000 });
    const token = await eventually(() => /Authorization: Bearer ([A-Za-z0-9_-]{43})/.exec(run.stderr())?.[1], { timeout: 5_000 });
    expect(run.stderr()).toContain(`claude mcp add --transport http switchboard ${url} --header "Authorization: Bearer ${token}"`);
    expect(run.stderr()).toContain(`--cli ${url} --transport http`);
    const { client } = await connectClient(url, token);
    await eventually(async () => (await client.listTools()).tools.some((t) => t.name === 'alpha__echo'), { timeout: 10_000 });
    await client.close();
    expect(processesNamed(marker).length).toBeGreaterThan(0);

    run.child.kill('SIGTERM');
    expect(await exited(run.child, 15_000)).toBe(0);
    expect(processesNamed(marker)).toEqual([]);
  }, 40_000);

  it('uses MCP_SWITCHBOARD_TOKEN and never prints it', async () => {
    const catalog = await writeCatalog(FIXTURE_CATALOG);
    const run = spawnCli(['serve', '--config', catalog, '--http', '--port', '0'], { MCP_SWITCHBOARD_TOKEN: TOKEN, MCP_SWITCHBOARD_LOG: 'debug' });
    children.push(run.child);
    const url = await eventually(() => /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(run.stderr())?.[1], { timeout: 10_000 });
    expect((await post(url, INITIALIZE, {}, null)).status).toBe(401);
    const ok = await post(url, INITIALIZE, {}, TOKEN);
    expect(ok.status).toBe(200);
    await ok.text();
    run.child.kill('SIGINT');
    expect(await exited(run.child, 15_000)).toBe(0);
    // The hint is a command to paste into the shell that holds the variable.
    expect(run.stderr()).toContain(`--cli ${url} --transport http --header "Authorization: Bearer $MCP_SWITCHBOARD_TOKEN" --method tools/list`);
    expect(run.stderr()).not.toContain(TOKEN);
  }, 40_000);

  it('refuses --no-auth on a non-loopback address, and HTTP flags without --http', async () => {
    const catalog = await writeCatalog(FIXTURE_CATALOG);
    const open = spawnCli(['serve', '--config', catalog, '--http', '--no-auth', '--host', '0.0.0.0']);
    children.push(open.child);
    expect(await exited(open.child, 10_000)).toBe(2);
    expect(open.stderr()).toMatch(/--no-auth is only allowed on a loopback address/);
    const stray = spawnCli(['serve', '--config', catalog, '--port', '9']);
    children.push(stray.child);
    expect(await exited(stray.child, 10_000)).toBe(2);
    expect(stray.stderr()).toMatch(/--port only applies with --http/);
  }, 30_000);
});
