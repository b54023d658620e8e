/** The catalog errors a newcomer meets first name the key and the fix. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';

function problems(text: string, env: Record<string, string> = {}): string {
  try {
    parseCatalog(text, { file: 'servers.yaml', env });
  } catch (error) {
    if (error instanceof ConfigError) return error.format();
    throw error;
  }
  return '';
}

describe('catalog errors with the fix', () => {
  it('a duplicate server id names the id, both lines and what to do', () => {
    const text = 'servers:\n  memory:\n    command: node\n  files:\n    command: node\n  memory:\n    command: other\n';
    expect(problems(text)).toBe(
      'servers.yaml:6:3 servers: the server id "memory" appears twice (first at line 2); YAML allows a key once per mapping: rename one, or merge the two entries',
    );
  });

  it('a duplicate key inside a server names its path', () => {
    const text = 'servers:\n  memory:\n    command: node\n    env:\n      A: "1"\n      A: "2"\n';
    expect(problems(text)).toContain('servers.yaml:6:7 servers.memory.env: the key "A" appears twice (first at line 5)');
  });

  it('an unquoted number or boolean where text belongs says to quote it', () => {
    const text = 'servers:\n  web:\n    command: node\n    env: {PORT: 8080, DEBUG: true}\n';
    const out = problems(text);
    expect(out).toContain('servers.web.env.PORT: expected a string, got a whole number: put the value in quotes ("8080", "true") so YAML reads it as text');
    expect(out).toContain('servers.web.env.DEBUG: expected a string, got true/false: put the value in quotes');
    expect(out).not.toContain('8080,');
  });
});

describe('MCP_SWITCHBOARD_NAME_BUDGET', () => {
  const text = 'settings:\n  nameBudget: 50\nservers:\n  a:\n    command: node\n';

  it('lowers the catalog budget, never raises it', () => {
    expect(parseCatalog(text, { env: { MCP_SWITCHBOARD_NAME_BUDGET: '40' } }).settings.nameBudget).toBe(40);
    expect(parseCatalog(text, { env: { MCP_SWITCHBOARD_NAME_BUDGET: '60' } }).settings.nameBudget).toBe(50);
    expect(parseCatalog(text, { env: {} }).settings.nameBudget).toBe(50);
  });

  it('refuses a value out of range, naming the variable', () => {
    expect(problems(text, { MCP_SWITCHBOARD_NAME_BUDGET: '8' })).toContain('MCP_SWITCHBOARD_NAME_BUDGET must be a whole number from 16 to 64, got "8"');
  });
});
