/**
 * The package as npm would install it from the registry: `npm pack` of the built tree, installed
 * into an empty folder, then `npx mcp-switchboard init`, `check`, `list` and `serve` there, with a
 * host's call through the installed gateway. The starter catalog starts its servers with
 * `npx -y <package>`; to run without the network, the folder also gets those three packages from
 * npm's cache (the versions this repository's devDependencies hold), and the commands run with
 * `npm_config_offline=true`, so `npx -y` finds them the way it finds anything already installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { Client } from '@modelcontextprotocol/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/config/index.js';
import { ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
const SERVERS = ['server-everything', 'server-memory', 'server-filesystem'].map((name) => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'node_modules', '@modelcontextprotocol', name, 'package.json'), 'utf8')) as { version: string };
  return `@modelcontextprotocol/${name}@${version}`;
});

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

describe('the packed tarball, installed into an empty folder', () => {
  const work = mkdtempSync(join(tmpdir(), 'sb-package-'));
  const project = join(work, 'project');
  let tarball = '';
  let files: string[] = [];
  const { MCP_SWITCHBOARD_CONFIG: _ignored, ...inherited } = process.env;
  const env = { ...inherited, npm_config_offline: 'true', npm_config_update_notifier: 'false', MCP_SWITCHBOARD_LOG: '' };
  const npx = async (...args: string[]): Promise<Outcome> => {
    try {
      const { stdout, stderr } = await run('npx', ['--no-install', 'mcp-switchboard', ...args], { cwd: project, env, timeout: 120_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as Outcome;
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    // The tree is built already (`npm test` builds first); --ignore-scripts keeps pack from rebuilding it under other tests.
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT, env, timeout: 120_000 });
    const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(work, info?.filename ?? '');
    files = (info?.files ?? []).map((file) => file.path);
    await run('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'newcomer', private: true }));
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...SERVERS], {
      cwd: project,
      env: { ...env, npm_config_offline: '' },
      timeout: 180_000,
    });
  }, 240_000);

  afterAll(async () => {
    await run('rm', ['-rf', work]);
  });

  it('ships the built CLI, the schema, the docs and the example, and nothing of the tests or sources', () => {
    expect(files).toContain('dist/cli.js');
    expect(files).toContain('schema/catalog.schema.json');
    expect(files).toContain('servers.example.yaml');
    expect(files).toContain('README.md');
    expect(files.some((file) => file.startsWith('docs/'))).toBe(true);
    expect(files.filter((file) => /^(test|src|bench|scripts|\.ci)\/|\.map$|fixtures/.test(file))).toEqual([]);
  });

  it('carries what a published package needs', () => {
    const manifest = JSON.parse(readFileSync(join(project, 'node_modules', 'mcp-switchboard', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest.repository).toMatchObject({ type: 'git' });
    expect(typeof manifest.homepage).toBe('string');
    expect(manifest.bugs).toHaveProperty('url');
    expect(manifest.keywords).toContain('mcp');
    expect(manifest.bin).toEqual({ 'mcp-switchboard': 'dist/cli.js' });
  });

  it('prints its help on stdout', async () => {
    const help = await npx('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('mcp-switchboard init');
    expect(help.stdout).toContain('--timeout MS');
  });

  it('init writes a catalog whose servers start from npm, never from a node_modules path', async () => {
    const init = await npx('init');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('servers.yaml');
    const file = join(project, 'servers.yaml');
    const catalog = parseCatalog(readFileSync(file, 'utf8'), { file, env: {} });
    expect(catalog.servers.map((server) => server.id)).toEqual(['everything', 'memory', 'files']);
    for (const server of catalog.servers) {
      expect(server).toMatchObject({ kind: 'stdio', command: 'npx' });
      if (server.kind !== 'stdio') continue;
      expect(server.args[0]).toBe('-y');
      expect(server.args.join(' ')).not.toContain('node_modules');
    }
    expect(readFileSync(file, 'utf8')).toMatch(/^# yaml-language-server: \$schema=node_modules\/mcp-switchboard\/schema\/catalog\.schema\.json\n/);
    const again = await npx('init');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
  });

  it('check and list run the starter catalog', async () => {
    const check = await npx('check', '--timeout', '60000');
    expect(check, check.stderr).toMatchObject({ code: 0 });
    expect(check.stdout).toContain('All 3 enabled server(s) are fine.');
    const list = await npx('list', '--json');
    expect(list.code).toBe(0);
    const { tools } = JSON.parse(list.stdout) as { tools: Array<{ name: string }> };
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(expect.arrayContaining(['everything__echo', 'memory__read_graph', 'files__list_directory']));
  });

  it('serve answers a host call through the installed gateway', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [join(project, 'node_modules', 'mcp-switchboard', 'dist', 'cli.js'), 'serve', '--config', join(project, 'servers.yaml')],
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? work, npm_config_offline: 'true' },
      cwd: work,
      stderr: 'pipe',
    });
    const client = new Client({ name: 'newcomer-host', version: '1.0.0' });
    await client.connect(transport);
    try {
      const result = await client.callTool({ name: 'everything__echo', arguments: { message: 'hello from the tarball' } });
      expect(JSON.stringify(result.content)).toContain('hello from the tarball');
    } finally {
      await client.close();
    }
  });
});
