import { describe, expect, it } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';

describe('reserved server ids', () => {
  it('refuses the id of the gateway built-in server, naming a way out', () => {
    const text = 'servers:\n  switchboard:\n    command: node\n';
    let error: unknown;
    try {
      parseCatalog(text, { env: {}, file: 'servers.yaml' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).format()).toMatch(/servers\.yaml:2:\d+ .*"switchboard" is reserved/);
  });
});
