import { describe, it, expect } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';

function messageOf(text: string): string {
  try {
    parseCatalog(text, { env: {}, file: 'x.yaml' });
  } catch (error) {
    if (error instanceof ConfigError) return `${error.message}\n${error.format()}`;
    throw error;
  }
  throw new Error('parsed');
}

describe('a file that is not a catalog', () => {
  it.each([
    ['a shadow file', 'root:$6$saltsalt$SENTINELHASH:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n'],
    ['an htpasswd file', 'alice: $2y$10$SENTINELHASHabcdefghij\nbob: $apr1$xyz$SENTINEL2\n'],
    ['a plain string', 'SENTINEL-api-key-0123456789\n'],
  ])('is refused without echoing its content: %s', (_label, text) => {
    const message = messageOf(text);
    expect(message).not.toMatch(/SENTINEL|alice|root/);
    expect(message).toMatch(/does not look like a catalog|expected a mapping with a servers: key, got a string/);
  });

  it('still names a misspelt key of a real catalog', () => {
    expect(messageOf('sevrers:\n  a: { command: x }\n')).toContain('unknown key "sevrers" (did you mean "servers"?)');
  });
});
