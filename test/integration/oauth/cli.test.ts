/**
 * `login` and `logout` as a person runs them: the built CLI as a child process, the URL on
 * stdout (followed here by a headless "browser"), the tokens on disk and never on the terminal.
 */
import { spawn } from 'node:child_process';
import { stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginStore } from '../../../src/oauth/store.js';
import { startAuthServer, type TestAuthServer } from '../../fixtures/oauth/authorization-server.js';
import { startProtectedServer, type ProtectedServer } from '../../fixtures/oauth/protected-server.js';
import { CLI } from '../../helpers/paths.js';
import { approve, tempStateDir } from './helpers.js';

let as: TestAuthServer;
let prot: ProtectedServer;
let state: Awaited<ReturnType<typeof tempStateDir>>;
let file: string;

beforeEach(async () => {
  as = await startAuthServer();
  prot = await startProtectedServer(as);
  state = await tempStateDir();
  file = join(state.dir, 'servers.yaml');
  await writeFile(
    file,
    `settings:\n  stateDir: logins\nservers:\n  prot:\n    url: ${prot.url}\n    oauth: true\n  local:\n    command: node\n    args: [-e, ""]\n`,
  );
});

afterEach(async () => {
  await prot.close();
  await as.close();
  await state.remove();
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI; `onLine` sees each stdout line as it arrives. Bounded by `timeout`. */
function run(args: string[], onLine: (line: string) => void = () => {}, timeout = 15_000): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MCP_SWITCHBOARD_LOG: 'debug' } });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`timed out; stderr: ${stderr}`));
    }, timeout);
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout.length;
      stdout += chunk.toString();
      for (const line of stdout
        .slice(stdout.lastIndexOf('\n', before - 1) + 1)
        .split('\n')
        .slice(0, -1))
        onLine(line);
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('login / logout commands', () => {
  it('prints the URL, completes the login, keeps the tokens owner-only and off the terminal; logout forgets them', async () => {
    const approvals: Promise<void>[] = [];
    const login = await run(['login', 'prot', '--config', file, '--timeout', '10000'], (line) => {
      if (line.startsWith('http')) approvals.push(approve(new URL(line)));
    });
    await Promise.all(approvals);
    expect(login.stderr).toContain('Open this URL in a browser');
    expect(login.stderr).toContain('Logged in to "prot"');
    expect(login.code).toBe(0);
    expect(login.stdout.trim().split('\n')).toHaveLength(1);
    for (const token of [...as.issued.access, ...as.issued.refresh]) expect(login.stdout + login.stderr).not.toContain(token);
    const store = new LoginStore(join(state.dir, 'logins'));
    expect((await stat(store.fileFor('prot', prot.url))).mode & 0o777).toBe(0o600);
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);

    const logout = await run(['logout', 'prot', '--config', file]);
    expect(logout.code).toBe(0);
    expect(logout.stderr).toContain('Logged out of "prot"');
    await expect(stat(store.fileFor('prot', prot.url))).rejects.toThrow(/ENOENT/);
  });

  it('fails with the reason when the authorization never arrives, and refuses a stdio server', async () => {
    const late = await run(['login', 'prot', '--config', file, '--timeout', '300']);
    expect(late.code).toBe(1);
    expect(late.stderr).toMatch(/login to "prot" failed: no authorization arrived within/);
    const stdio = await run(['login', 'local', '--config', file]);
    expect(stdio.code).toBe(2);
    expect(stdio.stderr).toContain('server "local" is a stdio server');
  });
});
