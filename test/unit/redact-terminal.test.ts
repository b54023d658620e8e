import { afterEach, describe, expect, it } from 'vitest';
import { clearSecrets, redact, registerSecrets, secretsOf } from '../../src/redact.js';
import { escapeControl } from '../../src/shared/terminal.js';
import { createLogger } from '../../src/log.js';
import { renderTable } from '../../src/cli/table.js';
import type { Catalog } from '../../src/config/schema.js';

afterEach(() => clearSecrets());

describe('redaction forms', () => {
  it('redacts a secret with quotes, backslashes and non-ASCII in its JSON-escaped and percent-encoded forms', () => {
    const secret = 'pa"ss\\wörd-Ω';
    registerSecrets([secret]);
    const json = JSON.stringify({ error: `child said ${secret}` });
    expect(redact(json)).not.toContain('wörd');
    expect(JSON.parse(redact(json))).toEqual({ error: 'child said [redacted]' });
    expect(redact(`GET /?t=${encodeURIComponent(secret)}`)).toBe('GET /?t=[redacted]');
  });

  it('does not count ordinary env values as secrets, and status JSON stays valid', () => {
    const catalog = {
      servers: [{ id: 'a', kind: 'stdio', command: 'x', args: [], env: { DEBUG: 'true', MODE: 'ready', LEVEL: 'info', API_TOKEN: 'tok"en\\1' } }],
    } as unknown as Catalog;
    registerSecrets(secretsOf(catalog));
    const text = JSON.stringify({ state: 'ready', level: 'info', debug: 'true', token: 'tok"en\\1' });
    const out = redact(text);
    expect(JSON.parse(out)).toEqual({ state: 'ready', level: 'info', debug: 'true', token: '[redacted]' });
  });

  it('counts the env names a server lists in secretEnv as secrets, and only those', () => {
    const catalog = {
      servers: [{ id: 'a', kind: 'stdio', command: 'x', args: [], env: { DSN: 'postgres://u:p4ss@db/app', REGION: 'eu-west-1' }, secretEnv: ['DSN'] }],
    } as unknown as Catalog;
    registerSecrets(secretsOf(catalog));
    expect(redact('connecting to postgres://u:p4ss@db/app in eu-west-1')).toBe('connecting to [redacted] in eu-west-1');
  });
});

describe('terminal escaping', () => {
  const hostile = 'evil\u001b]0;pwned\u0007\u001b[2J\u001b[31mred\nforged\u009b';

  it('shows control characters visibly', () => {
    expect(escapeControl(hostile)).toBe('evil\\x1b]0;pwned\\x07\\x1b[2J\\x1b[31mred\\x0aforged\\x9b');
  });

  it('log lines never carry raw escapes or a forged newline', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', write: (l) => lines.push(l) });
    for (const level of ['error', 'warn', 'info', 'debug'] as const) log[level](`tool ${hostile}`, { stderr: hostile });
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      // eslint-disable-next-line no-control-regex
      expect(line.slice(0, -1)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      expect(line.endsWith('\n')).toBe(true);
    }
  });

  it('tables escape tool names and descriptions', () => {
    const out = renderTable(['TOOL', 'DESCRIPTION'], [[hostile, hostile]], 200);
    expect(out).not.toContain('\u001b');
    expect(out).not.toContain('\u0007');
  });
});
