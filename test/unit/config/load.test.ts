import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect } from 'vitest';
import { ConfigError, loadCatalog, parseCatalog } from '../../../src/config/index.js';

const env = { HOME: '/home/ada', DOCS_TOKEN: 'tok-123' };

describe('parseCatalog', () => {
  it('loads a servers: map with interpolation, defaults and catalog order', () => {
    const catalog = parseCatalog(
      [
        'servers:',
        '  memory:',
        '    command: node',
        '    args: [dist/index.js]',
        '    env: { MEMORY_FILE_PATH: "${HOME}/.cache/memory.json" }',
        '  docs:',
        '    url: http://127.0.0.1:9000/mcp',
        '    headers: { Authorization: "Bearer ${DOCS_TOKEN}" }',
        '    timeout: 5000',
      ].join('\n'),
      { env },
    );
    expect(catalog.servers.map((s) => s.id)).toEqual(['memory', 'docs']);
    expect(catalog.servers[0]).toEqual({
      id: 'memory',
      kind: 'stdio',
      enabled: true,
      command: 'node',
      args: ['dist/index.js'],
      env: { MEMORY_FILE_PATH: '/home/ada/.cache/memory.json' },
      timeout: 60_000,
      maxTotalTimeout: 600_000,
      pingInterval: 60_000,
      era: 'auto',
      connectTimeout: 30_000,
      maxConcurrency: 16,
    });
    expect(catalog.servers[1]).toMatchObject({
      kind: 'remote',
      transport: 'auto',
      headers: { Authorization: 'Bearer tok-123' },
      timeout: 5000,
      connectTimeout: 30_000,
    });
    expect(catalog.settings.separator).toBe('__');
    expect(catalog.secrets).toEqual(['/home/ada', 'tok-123']);
  });

  it('takes era per server over settings.defaults.era, and names the values when it is wrong', () => {
    const catalog = parseCatalog('settings: { defaults: { era: legacy } }\nservers:\n  a: { command: x }\n  b: { command: x, era: modern }\n', { env });
    expect(catalog.servers.map((s) => s.era)).toEqual(['legacy', 'modern']);
    expect(() => parseCatalog('servers:\n  a: { command: x, era: 2026 }\n', { env })).toThrow(
      /servers\.a\.era: era must be "auto", "legacy" \(2025-11-25\) or "modern" \(2026-07-28\)/,
    );
  });

  it('accepts a Claude Desktop config pasted as JSON', () => {
    const json = JSON.stringify(
      {
        mcpServers: {
          filesystem: {
            command: 'npx',
            args: ['-y', '@modelcontextprotocol/server-filesystem', '/Users/ada/Desktop'],
          },
          github: {
            command: 'docker',
            args: ['run', '-i', '--rm', '-e', 'GITHUB_PERSONAL_ACCESS_TOKEN', 'ghcr.io/github/github-mcp-server'],
            env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<token>' },
          },
        },
      },
      null,
      2,
    );
    const catalog = parseCatalog(json, { env: {} });
    expect(catalog.servers.map((s) => [s.id, s.kind, s.enabled])).toEqual([
      ['filesystem', 'stdio', true],
      ['github', 'stdio', true],
    ]);
    expect(catalog.servers[1]).toMatchObject({ env: { GITHUB_PERSONAL_ACCESS_TOKEN: '<token>' } });
  });

  it('maps the Claude Code type: http and type: sse shapes onto transport', () => {
    const json = JSON.stringify({
      mcpServers: {
        linear: { type: 'sse', url: 'https://mcp.linear.app/sse' },
        notion: { type: 'http', url: 'https://mcp.notion.com/mcp', headers: { Authorization: 'Bearer ${DOCS_TOKEN}' } },
        vscode: { type: 'streamableHttp', url: 'https://example.com/mcp' },
        local: { type: 'stdio', command: 'node', args: ['server.js'] },
      },
    });
    const catalog = parseCatalog(json, { env });
    expect(catalog.servers.map((s) => (s.kind === 'remote' ? s.transport : s.kind))).toEqual(['sse', 'streamable-http', 'streamable-http', 'stdio']);
    expect(catalog.servers[1]).not.toHaveProperty('type');
    expect(catalog.servers[3]).not.toHaveProperty('type');
  });

  it('folds disabled: true into enabled: false', () => {
    const catalog = parseCatalog(
      'mcpServers:\n  a: { command: x, disabled: true }\n  b: { command: x, disabled: false }\n  c: { command: x, enabled: false }\n',
      { env: {} },
    );
    expect(catalog.servers.map((s) => [s.id, s.enabled])).toEqual([
      ['a', false],
      ['b', true],
      ['c', false],
    ]);
    expect(catalog.servers[0]).not.toHaveProperty('disabled');
  });

  it('applies settings.defaults to servers that do not set their own', () => {
    const catalog = parseCatalog(
      'settings:\n  defaults: { timeout: 1000, maxConcurrency: 2 }\nservers:\n  a: { command: x }\n  b: { command: x, timeout: 5, maxConcurrency: 9, maxTotalTimeout: 7 }\n',
      { env: {} },
    );
    expect(catalog.servers[0]).toMatchObject({ timeout: 1000, maxConcurrency: 2, connectTimeout: 30_000, maxTotalTimeout: 600_000 });
    expect(catalog.servers[1]).toMatchObject({ timeout: 5, maxConcurrency: 9, maxTotalTimeout: 7 });
  });

  it('resolves a relative cwd against the catalog file folder', () => {
    const catalog = parseCatalog('servers:\n  a: { command: x, cwd: ./work }\n  b: { command: x, cwd: /abs }\n', {
      file: '/etc/switchboard/servers.yaml',
      env: {},
    });
    expect(catalog.servers.map((s) => (s.kind === 'stdio' ? s.cwd : undefined))).toEqual(['/etc/switchboard/work', '/abs']);
    expect(catalog.file).toBe('/etc/switchboard/servers.yaml');
  });

  it('resolves a relative cwd against options.cwd when given', () => {
    const catalog = parseCatalog('servers:\n  a: { command: x, cwd: sub }\n', { file: '/etc/servers.yaml', cwd: '/srv', env: {} });
    expect(catalog.servers[0]).toMatchObject({ cwd: '/srv/sub' });
  });

  it('supports YAML anchors and merge keys', () => {
    const catalog = parseCatalog('servers:\n  a: &base { command: node, timeout: 9 }\n  b: { <<: *base, args: [b.js] }\n', { env: {} });
    expect(catalog.servers[1]).toMatchObject({ command: 'node', timeout: 9, args: ['b.js'] });
  });
});

describe('loadCatalog', () => {
  it('reads a file and resolves relative cwd against its folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-config-'));
    try {
      const file = join(dir, 'servers.yaml');
      await writeFile(file, 'servers:\n  a:\n    command: node\n    cwd: tools\n    env: { T: "${TOKEN}" }\n');
      const catalog = await loadCatalog(file, { TOKEN: 't' });
      expect(catalog.file).toBe(file);
      expect(catalog.servers[0]).toMatchObject({ cwd: join(dir, 'tools'), env: { T: 't' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('labels problems with the file name as given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'switchboard-config-'));
    try {
      const file = join(dir, 'bad.yaml');
      await writeFile(file, 'servers:\n  a:\n    command: 1\n');
      await expect(loadCatalog(file, {})).rejects.toThrow(`${file}:3:5 servers.a.command: expected a string, got a whole number`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('turns a missing file into a ConfigError that names it', async () => {
    const missing = join(tmpdir(), 'switchboard-config-does-not-exist.yaml');
    const error = await loadCatalog(missing, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).format()).toBe(`${missing}: cannot read the catalog: no such file (check the path, or pass --config <file>)`);
  });
});
