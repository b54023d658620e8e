/**
 * An MCP App rendered by the MCP Inspector's web UI (2.x, Node >= 22.19) in a real browser
 * (Debian's chromium driven by playwright-core), with the gateway between the Inspector and the
 * published ext-apps server `@modelcontextprotocol/server-basic-vanillajs`: the Inspector finds the
 * app through the gateway's tool and `ui://` resource, renders its HTML in its sandbox, and the
 * app's own button calls the server's tool (by the name the app knows) through the gateway.
 * Screenshots of each step land in the test's scratch folder (printed), for a person to look at.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { node22 } from '../helpers/node22.js';
import { CLI, ROOT } from '../helpers/paths.js';

const INSPECTOR = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/inspector/package.json')), 'clients/launcher/build/index.js');
const APP_SERVER = join(ROOT, 'node_modules/@modelcontextprotocol/server-basic-vanillajs/dist/index.js');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const START_TIMEOUT_MS = 60_000;

const scratch = mkdtempSync(join(tmpdir(), 'sb-apps-browser-'));
let inspector: ChildProcess | undefined;
let browser: Browser | undefined;
let page: Page;
let output = '';

/** A port free a moment ago: the Inspector's web server needs a fixed one (its CSP is built from it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

const shot = (name: string) => page.screenshot({ path: join(scratch, `${name}.png`) });

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    if (process.env.CI) throw new Error(`no chromium at ${CHROMIUM}: .ci/run installs Debian's chromium (or set CHROMIUM_PATH)`);
    return;
  }
  writeFileSync(join(scratch, 'catalog.yaml'), `servers:\n  clock:\n    command: ${process.execPath}\n    args: [${APP_SERVER}, --stdio]\n`);
  const config = { mcpServers: { switchboard: { command: process.execPath, args: [CLI, 'serve', '--config', join(scratch, 'catalog.yaml')] } } };
  writeFileSync(join(scratch, 'mcp.json'), JSON.stringify(config));
  const env = {
    ...process.env,
    HOME: join(scratch, 'home'),
    CLIENT_PORT: String(await freePort()),
    MCP_SANDBOX_PORT: '0',
    MCP_APP_ORIGIN_PORT: '0',
    MCP_AUTO_OPEN_ENABLED: 'false',
    MCP_STORAGE_DIR: join(scratch, 'storage'),
    MCP_INSPECTOR_SECRET_STORE: 'memory',
    NO_COLOR: '1',
  };
  inspector = spawn(await node22(), [INSPECTOR, '--web', '--config', join(scratch, 'mcp.json')], { cwd: scratch, env, stdio: ['ignore', 'pipe', 'pipe'] });
  inspector.stdout?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  inspector.stderr?.on('data', (chunk: Buffer) => void (output += chunk.toString()));
  const url = await eventually(() => /http:\/\/127\.0\.0\.1:\d+\/?\?MCP_INSPECTOR_API_TOKEN=[0-9a-f]+/.exec(output)?.[0], {
    timeout: START_TIMEOUT_MS,
    what: 'the Inspector web UI to start',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
}, START_TIMEOUT_MS * 2);

afterAll(async () => {
  await browser?.close();
  inspector?.kill('SIGTERM');
  if (inspector && inspector.exitCode === null) await new Promise((resolve) => inspector?.once('exit', resolve));
  console.log(`MCP Apps browser screenshots: ${scratch}`);
  if (!process.env.KEEP_SCREENSHOTS) rmSync(join(scratch, 'home'), { recursive: true, force: true });
});

describe.skipIf(!existsSync(CHROMIUM) && !process.env.CI)('an MCP App through the gateway, rendered by the Inspector in chromium', () => {
  it('connects the Inspector to the gateway over stdio', async () => {
    await page.getByRole('switch', { name: /switchboard/ }).click({ force: true });
    await page.getByText('Connected', { exact: true }).waitFor({ timeout: START_TIMEOUT_MS });
    await shot('1-connected');
  });

  it("lists the server's app and renders its ui:// resource, read through the gateway", async () => {
    await page.getByText('Apps', { exact: true }).first().click();
    await page.getByRole('button', { name: /Get Time/ }).click();
    const app = page.frameLocator('iframe').frameLocator('iframe');
    await app.getByText('Server Time:').waitFor({ timeout: START_TIMEOUT_MS });
    await shot('2-app-rendered');
  });

  it("routes the app's own call (get-time, without the gateway's prefix) to the server", async () => {
    const app = page.frameLocator('iframe').frameLocator('iframe');
    const shown = () => app.locator('body').innerText();
    const before = await shown();
    const time = (text: string) => /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/.exec(text)?.[0];
    expect(time(before)).toBeDefined();
    await app.getByRole('button', { name: 'Get Server Time' }).click();
    await eventually(async () => time(await shown()) !== time(before), { timeout: 30_000, what: 'a new server time from the app' });
    await shot('3-app-called-tool');
    expect(readFileSync(join(scratch, '3-app-called-tool.png')).length).toBeGreaterThan(0);
  });
});
