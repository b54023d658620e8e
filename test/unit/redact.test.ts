import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/config/index.js';
import { clearSecrets, redact, redactDeep, registerSecrets, secretsOf } from '../../src/redact.js';

describe('redact', () => {
  afterEach(() => clearSecrets());

  it('replaces every registered secret, longest first', () => {
    registerSecrets(['abcd', 'abcdefgh']);
    expect(redact('x abcdefgh y abcd')).toBe('x [redacted] y [redacted]');
  });

  it('leaves values too short to tell apart from ordinary text', () => {
    registerSecrets(['1', 'on']);
    expect(redact('1 on')).toBe('1 on');
  });

  it('escapes secrets that look like regular expressions', () => {
    registerSecrets(['a+b(c)*']);
    expect(redact('see a+b(c)* here, not aab')).toBe('see [redacted] here, not aab');
  });

  it('redacts strings nested in objects and arrays', () => {
    registerSecrets(['s3cr3t']);
    expect(redactDeep({ a: ['x s3cr3t'], b: { c: 's3cr3t' }, n: 1 })).toEqual({ a: ['x [redacted]'], b: { c: '[redacted]' }, n: 1 });
  });

  it('finds the secrets of a catalog: interpolated values, secret-looking env keys, headers, bare bearer tokens, URL credentials', () => {
    const catalog = parseCatalog(
      `servers:
  a: { command: x, env: { TOKEN: "\${T}", API_KEY: literal-key, PLAIN: literal-value } }
  b: { url: "https://me:p%40ss@example.com/mcp", headers: { Authorization: "Bearer tok-123" } }
`,
      { env: { T: 'from-env' } },
    );
    const found = secretsOf(catalog);
    expect(found).toEqual(expect.arrayContaining(['from-env', 'literal-key', 'Bearer tok-123', 'tok-123', 'p@ss', 'me']));
    // An ordinary value under an ordinary key is not a secret (it would rewrite states and JSON).
    expect(found).not.toContain('literal-value');
  });
});
