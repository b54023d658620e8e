import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LoginStore, type LoginRecord } from '../../../src/oauth/store.js';
import { clearSecrets, redact } from '../../../src/redact.js';
import { tempStateDir } from '../../integration/oauth/helpers.js';

const URL_A = 'https://mcp.example.com/mcp';

function record(overrides: Partial<LoginRecord> = {}): LoginRecord {
  return {
    version: 1,
    serverId: 'docs',
    serverUrl: URL_A,
    resource: URL_A,
    issuer: 'https://auth.example.com',
    metadata: { issuer: 'https://auth.example.com', authorization_endpoint: 'https://auth.example.com/a', token_endpoint: 'https://auth.example.com/t' },
    client: { client_id: 'c1', source: 'registered' },
    tokens: { access_token: 'access-secret-1234', token_type: 'Bearer', refresh_token: 'refresh-secret-5678', obtained_at: 1, expires_at: 2 },
    ...overrides,
  };
}

let state: Awaited<ReturnType<typeof tempStateDir>>;
beforeEach(async () => (state = await tempStateDir()));
afterEach(async () => {
  await state.remove();
  clearSecrets();
});

describe('LoginStore', () => {
  it('writes 0600 files in a 0700 folder, tightening a folder that was too open', async () => {
    const store = new LoginStore(state.dir);
    await mkdir(store.dir, { mode: 0o755 });
    await chmod(store.dir, 0o755);
    await store.write(record());
    expect((await stat(store.dir)).mode & 0o777).toBe(0o700);
    expect((await stat(store.fileFor('docs', URL_A))).mode & 0o777).toBe(0o600);
    const read = await store.read('docs', URL_A);
    expect(read && 'record' in read ? read.record.tokens?.access_token : undefined).toBe('access-secret-1234');
  });

  it('registers the tokens it reads and writes for redaction', async () => {
    await new LoginStore(state.dir).write(record());
    expect(redact('Bearer access-secret-1234 / refresh-secret-5678')).toBe('Bearer [redacted] / [redacted]');
  });

  it('keeps one file per server id and URL', () => {
    const store = new LoginStore(state.dir);
    expect(store.fileFor('docs', URL_A)).not.toBe(store.fileFor('docs', 'https://mcp.example.com/other'));
    expect(store.fileFor('docs', URL_A)).not.toBe(store.fileFor('wiki', URL_A));
  });

  it('refuses a record made for another server, a file others can read, and garbage', async () => {
    const store = new LoginStore(state.dir);
    await store.write(record());
    const file = store.fileFor('docs', URL_A);
    await writeFile(file, JSON.stringify(record({ serverUrl: 'https://evil.example.com/mcp' })), { mode: 0o600 });
    expect(await store.read('docs', URL_A)).toEqual({ problem: expect.stringContaining('made for another server') });
    await store.write(record());
    await chmod(file, 0o644);
    expect(await store.read('docs', URL_A)).toEqual({ problem: expect.stringContaining('readable by others (mode 644)') });
    await chmod(file, 0o600);
    await writeFile(file, '{"version": 2}');
    expect(await store.read('docs', URL_A)).toEqual({ problem: expect.stringContaining('not a login record') });
  });

  it('forgets a login', async () => {
    const store = new LoginStore(state.dir);
    await store.write(record());
    expect(await store.remove('docs', URL_A)).toBe(true);
    expect(await store.read('docs', URL_A)).toBeUndefined();
    expect(await store.remove('docs', URL_A)).toBe(false);
    await expect(readFile(store.fileFor('docs', URL_A))).rejects.toThrow(/ENOENT/);
  });
});
