import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';
import { loginCommand, stateDirOf } from '../../../src/oauth/attach.js';

const parse = (servers: string, settings = '') => parseCatalog(`${settings}servers:\n${servers}`, { env: {}, cwd: '/tmp', file: '/etc/sb/servers.yaml' });

describe('oauth in the catalog', () => {
  it('accepts oauth: true and the options form', () => {
    const catalog = parse(
      '  a: { url: "https://a.example.com/mcp", oauth: true }\n  b: { url: "https://b.example.com/mcp", oauth: { clientId: sb, clientSecret: s3cret, scopes: [read], redirectPort: 8765, trustedOrigins: ["https://login.example.com"] } }\n',
    );
    expect(catalog.servers.map((s) => (s.kind === 'remote' ? s.oauth : undefined))).toEqual([
      true,
      { clientId: 'sb', clientSecret: 's3cret', scopes: ['read'], redirectPort: 8765, trustedOrigins: ['https://login.example.com'] },
    ]);
  });

  it('refuses oauth together with an Authorization header, and a secret without a client id', () => {
    expect(() => parse('  a: { url: "https://a.example.com/mcp", oauth: true, headers: { Authorization: "Bearer x" } }\n')).toThrow(ConfigError);
    expect(() => parse('  a: { url: "https://a.example.com/mcp", oauth: true, headers: { Authorization: "Bearer x" } }\n')).toThrow(/exclude each other/);
    expect(() => parse('  a: { url: "https://a.example.com/mcp", oauth: { clientSecret: x } }\n')).toThrow(/clientSecret needs clientId/);
    expect(() => parse('  a: { url: "https://a.example.com/mcp", oauth: { trustedOrigins: ["https://x.example.com/path"] } }\n')).toThrow(/trusted origin/);
  });

  it('puts the state dir next to the catalog when relative, and names the login command with the catalog', () => {
    expect(stateDirOf(parse('  a: { url: "https://a.example.com/mcp" }\n', 'settings: { stateDir: state }\n'))).toBe('/etc/sb/state');
    expect(stateDirOf(parse('  a: { url: "https://a.example.com/mcp" }\n', 'settings: { stateDir: ~/sb }\n'))).toBe(join(homedir(), 'sb'));
    expect(stateDirOf(parse('  a: { url: "https://a.example.com/mcp" }\n'), { MCP_SWITCHBOARD_STATE_DIR: '/var/sb' })).toBe('/var/sb');
    expect(stateDirOf(parse('  a: { url: "https://a.example.com/mcp" }\n'), { XDG_STATE_HOME: '/xdg' })).toBe('/xdg/mcp-switchboard');
    expect(loginCommand('docs', '/etc/sb/servers.yaml')).toBe('mcp-switchboard login docs --config /etc/sb/servers.yaml');
    expect(loginCommand('docs', "/my dir/it's.yaml")).toBe(`mcp-switchboard login docs --config '/my dir/it'\\''s.yaml'`);
  });
});
