import { describe, expect, it } from 'vitest';
import { parseCatalog } from '../../../src/config/index.js';
import { convertHostConfig } from '../../../src/cli/import-convert.js';
import { defaultSourcePath, parseHostConfig } from '../../../src/cli/import-sources.js';

const CLAUDE_DESKTOP = JSON.stringify({
  mcpServers: {
    github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_secret' } },
    'my server.v2': { command: '/usr/local/bin/thing', disabled: true, autoApprove: ['x'] },
    docs: { url: 'https://docs.example.com/mcp', type: 'http', headers: { Authorization: 'Bearer abc123', 'X-Team': 'core' } },
  },
});

const VSCODE = `{
  // comments and trailing commas, as VS Code writes them
  "inputs": [{ "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true }],
  "servers": {
    "perplexity": { "type": "stdio", "command": "npx", "args": ["-y", "server-perplexity-ask"],
                    "env": { "PERPLEXITY_API_KEY": "\${input:perplexity-key}", "DATA": "\${workspaceFolder}/data", "HOME_DIR": "\${env:HOME}" } },
    "events": { "type": "sse", "url": "http://localhost:3000/sse", },
  },
}`;

describe('import', () => {
  it('imports stdio with env, remote with headers and disabled entries into a catalog parseCatalog accepts', () => {
    const source = parseHostConfig(CLAUDE_DESKTOP, '/home/ada/.config/Claude/claude_desktop_config.json', 'claude-desktop');
    const { yaml, copiedValues } = convertHostConfig(source, { secretsAsVars: false });
    expect(copiedValues).toBe(3);
    expect(yaml).toContain('# stdio server: the program to start');
    expect(yaml).toContain('# "my server.v2" in /home/ada/.config/Claude/claude_desktop_config.json; renamed');
    expect(yaml).toContain('# not imported (no catalog equivalent): autoApprove');
    const catalog = parseCatalog(yaml, { env: {} });
    expect(catalog.servers.map((s) => [s.id, s.kind, s.enabled])).toEqual([
      ['github', 'stdio', true],
      ['my-server-v2', 'stdio', false],
      ['docs', 'remote', true],
    ]);
    expect(catalog.servers[0]).toMatchObject({
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_secret' },
    });
    expect(catalog.servers[2]).toMatchObject({
      url: 'https://docs.example.com/mcp',
      transport: 'streamable-http',
      headers: { Authorization: 'Bearer abc123' },
    });
  });

  it('replaces env and header values with ${SERVER_KEY} references when asked, and lists them', () => {
    const source = parseHostConfig(CLAUDE_DESKTOP, 'claude_desktop_config.json');
    const { yaml, variables, copiedValues } = convertHostConfig(source, { secretsAsVars: true });
    expect(copiedValues).toBe(0);
    expect(yaml).not.toContain('ghp_secret');
    expect(yaml).not.toContain('abc123');
    expect(variables.map((v) => v.name)).toEqual(['GITHUB_PERSONAL_ACCESS_TOKEN', 'DOCS_TOKEN', 'DOCS_X_TEAM']);
    const env = { GITHUB_PERSONAL_ACCESS_TOKEN: 'g', DOCS_TOKEN: 't', DOCS_X_TEAM: 'core' };
    const catalog = parseCatalog(yaml, { env });
    expect(catalog.servers[2]).toMatchObject({ headers: { Authorization: 'Bearer t', 'X-Team': 'core' } });
  });

  it('reads VS Code mcp.json: servers, inputs as variables, ${workspaceFolder} and ${env:X}', () => {
    const source = parseHostConfig(VSCODE, '/work/app/.vscode/mcp.json');
    expect(source.kind).toBe('vscode');
    const { yaml, variables } = convertHostConfig(source, { secretsAsVars: false, schemaPath: './schema/catalog.schema.json' });
    expect(yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=./schema/catalog.schema.json');
    expect(variables).toEqual([{ name: 'PERPLEXITY_KEY', from: 'VS Code input "perplexity-key" (Perplexity API Key)' }]);
    const catalog = parseCatalog(yaml, { env: { PERPLEXITY_KEY: 'pk', HOME: '/home/ada' } });
    expect(catalog.servers[0]).toMatchObject({ env: { PERPLEXITY_API_KEY: 'pk', DATA: '/work/app/data', HOME_DIR: '/home/ada' } });
    expect(catalog.servers[1]).toMatchObject({ id: 'events', kind: 'remote', transport: 'sse' });
  });

  it('keeps Claude Code ${VAR} references and escapes host syntax the catalog does not know', () => {
    const text = JSON.stringify({
      mcpServers: { api: { type: 'http', url: '${API_URL:-https://api.example.com/mcp}', headers: { 'X-Key': '${API_KEY}', 'X-Odd': '${foo.bar}' } } },
    });
    const { yaml } = convertHostConfig(parseHostConfig(text, '.mcp.json', 'claude-code'), { secretsAsVars: true });
    const catalog = parseCatalog(yaml, { env: { API_KEY: 'k', API_X_ODD: 'odd' } });
    expect(catalog.servers[0]).toMatchObject({ url: 'https://api.example.com/mcp', headers: { 'X-Key': 'k', 'X-Odd': 'odd' } });
    const literal = convertHostConfig(parseHostConfig(text, '.mcp.json', 'claude-code'), { secretsAsVars: false }).yaml;
    expect(parseCatalog(literal, { env: { API_KEY: 'k' } }).servers[0]).toMatchObject({ headers: { 'X-Odd': '${foo.bar}' } });
  });

  it('makes ids unique and valid', () => {
    const text = JSON.stringify({
      mcpServers: { '@scope/pkg': { command: 'a' }, 'scope-pkg': { command: 'b' }, '42': { command: 'c' }, a__b: { command: 'd' } },
    });
    const { yaml } = convertHostConfig(parseHostConfig(text, 'x.json'), { secretsAsVars: false });
    expect(parseCatalog(yaml, { env: {} }).servers.map((s) => s.id)).toEqual(['server-1', 'scope-pkg', 'scope-pkg-2', 'a_b']); // JSON puts integer keys first;
  });

  it('knows where each host keeps its config', () => {
    const env = { HOME: '/Users/ada', APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' };
    expect(defaultSourcePath('claude-desktop', env, 'darwin')).toBe('/Users/ada/Library/Application Support/Claude/claude_desktop_config.json');
    expect(defaultSourcePath('claude-desktop', env, 'linux')).toBe('/Users/ada/.config/Claude/claude_desktop_config.json');
    expect(defaultSourcePath('claude-desktop', env, 'win32')).toContain('Claude');
    expect(defaultSourcePath('cursor', env, 'linux')).toBe('/Users/ada/.cursor/mcp.json');
    expect(defaultSourcePath('vscode', env, 'linux', '/work/app')).toBe('/work/app/.vscode/mcp.json');
    expect(defaultSourcePath('claude-code', env, 'linux', '/work/app')).toBe('/work/app/.mcp.json');
  });
});

describe('import: host config syntax (jsonc-parser)', () => {
  it('keeps a string that looks like a comment or a trailing comma exactly as written', () => {
    const text = `{ "mcpServers": { "odd": { "command": "echo", "args": ["a,]", "// not a comment", "/* nor this */",], }, }, }`;
    const source = parseHostConfig(text, '/tmp/mcp.json');
    expect(source.servers.odd).toEqual({ command: 'echo', args: ['a,]', '// not a comment', '/* nor this */'] });
  });

  it('names the line and column of a syntax error', () => {
    const text = '{\n  "mcpServers": {\n    "x": { "command": "a" "args": [] }\n  }\n}';
    expect(() => parseHostConfig(text, '/tmp/mcp.json')).toThrow(/^\/tmp\/mcp\.json:3:27 is not valid JSON \(CommaExpected\)/);
  });
});
