/** `import` as a user runs it: the built CLI reading a host config and writing a catalog. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';
import { CLI } from '../../helpers/paths.js';

const run = promisify(execFile);

describe('mcp-switchboard import', () => {
  it('writes a commented catalog, lists the variables and prints the one replacing entry', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
    const from = join(dir, 'claude_desktop_config.json');
    writeFileSync(
      from,
      JSON.stringify({ mcpServers: { memory: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-memory'], env: { API_KEY: 's3cret' } } } }),
    );
    const out = join(dir, 'servers.yaml');
    const { stdout } = await run(process.execPath, [CLI, 'import', '--from', from, '--out', out, '--secrets-as-vars']);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toMatch(/^# yaml-language-server: \$schema=\S+catalog\.schema\.json\n/);
    expect(yaml).not.toContain('s3cret');
    expect(parseCatalog(yaml, { env: { MEMORY_API_KEY: 'x' } }).servers[0]).toMatchObject({ id: 'memory', env: { API_KEY: 'x' } });
    expect(stdout).toContain('MEMORY_API_KEY    (from servers.memory.env.API_KEY)');
    const entry = JSON.parse(stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1)) as { mcpServers: { switchboard: { args: string[] } } };
    expect(entry.mcpServers.switchboard.args).toEqual([CLI, 'serve', '--config', out]);

    const again = await run(process.execPath, [CLI, 'import', '--from', from, '--out', out]).catch((error: { code: number; stderr: string }) => error);
    expect(again).toMatchObject({ code: 2, stderr: expect.stringContaining('--force') });
  });

  it('writes the catalog owner-only (0600), also over an existing world-readable file with --force', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-import-'));
    const from = join(dir, 'claude_desktop_config.json');
    writeFileSync(from, JSON.stringify({ mcpServers: { memory: { command: 'npx', env: { API_KEY: 's3cret' } } } }));
    const out = join(dir, 'servers.yaml');
    const { stdout } = await run(process.execPath, [CLI, 'import', '--from', from, '--out', out]);
    expect(readFileSync(out, 'utf8')).toContain('s3cret');
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(stdout).toContain('mode 0600');
    writeFileSync(out, 'old', { mode: 0o644 });
    await run(process.execPath, [CLI, 'import', '--from', from, '--out', out, '--force']);
    expect(statSync(out).mode & 0o777).toBe(0o600);
  });
});
