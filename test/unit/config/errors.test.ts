import { describe, it, expect } from 'vitest';
import { ConfigError, formatPath, parseCatalog } from '../../../src/config/index.js';

/** `line:col path: message` for every problem in `text`; fails the test when the text is accepted. */
function problems(text: string, env: Record<string, string | undefined> = {}): string[] {
  try {
    parseCatalog(text, { file: 'servers.yaml', env });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.issues.map((issue) => `${issue.line}:${issue.column} ${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the catalog to be rejected');
}

function formatted(text: string, env: Record<string, string | undefined> = {}): string {
  try {
    parseCatalog(text, { file: 'servers.yaml', env });
  } catch (error) {
    if (error instanceof ConfigError) return `${error.message}\n${error.format()}`;
    throw error;
  }
  throw new Error('expected the catalog to be rejected');
}

describe('catalog errors', () => {
  it('formats one line per issue with file, line, column and key path', () => {
    const text = ['servers:', '  memory:', '    command: ""', '    args: [a, 1]'].join('\n');
    expect(formatted(text).split('\n').slice(-2)).toEqual([
      'servers.yaml:3:5 servers.memory.command: command must not be empty',
      `servers.yaml:4:15 servers.memory.args[1]: expected a string, got a whole number: put the value in quotes ("8080", "true") so YAML reads it as text`,
    ]);
  });

  it('reports every problem at once, in text order', () => {
    const text = [
      'settings:', //                    1
      '  separator: "!!"', //            2
      'servers:', //                     3
      '  memory:', //                    4
      '    command: ${CMD', //           5
      '    timeout: -5', //              6
      '  docs:', //                      7
      '    url: ftp://example.com', //   8
      '    cwd: /tmp', //                9
    ].join('\n');
    expect(problems(text)).toEqual([
      '2:3 settings.separator: separator must be 1-4 characters of A-Z a-z 0-9 _ -',
      '5:5 servers.memory.command: unterminated "${": close it with "}", or write "$${" for a literal "${"',
      '6:5 servers.memory.timeout: must be greater than 0',
      '8:5 servers.docs.url: url must be an http:// or https:// URL',
      '9:5 servers.docs: unknown key "cwd": it applies to stdio servers (with command), and this one has url',
    ]);
  });

  it('names an unknown key, its server, and the key it probably meant', () => {
    const text = ['servers:', '  memory:', '    command: node', '    agrs: [x]', '    enviroment: {}'].join('\n');
    expect(problems(text)).toEqual([
      '4:5 servers.memory: unknown key "agrs" (did you mean "args"?)',
      '5:5 servers.memory: unknown key "enviroment" (did you mean "env"?)',
    ]);
  });

  it('treats a misspelt command as the unknown key it is', () => {
    expect(problems('servers:\n  memory:\n    comand: node\n')).toEqual(['3:5 servers.memory: unknown key "comand" (did you mean "command"?)']);
  });

  it('suggests url for another host spelling of it', () => {
    expect(problems('mcpServers:\n  docs: { serverUrl: "https://x.dev/mcp" }\n')).toEqual([
      '2:11 mcpServers.docs: unknown key "serverUrl" (did you mean "url"?)',
    ]);
  });

  it('says when an entry has neither command nor url, or both', () => {
    const text = ['servers:', '  a: { args: [x] }', '  b: { command: x, url: "http://h/mcp" }', '  c:', '  d: [1]'].join('\n');
    expect(problems(text)).toEqual([
      '2:3 servers.a: has neither command nor url: add command (stdio server) or url (remote server)',
      '3:3 servers.b: has both command and url: keep command for a stdio server, or url for a remote one',
      '4:3 servers.c: the entry is empty: give it a command (stdio server) or a url (remote server)',
      '5:3 servers.d: expected a mapping with a command (stdio) or a url (remote), got a list',
    ]);
  });

  it('rejects servers: and mcpServers: together', () => {
    expect(problems('servers:\n  a: { command: x }\nmcpServers:\n  b: { command: y }\n')).toEqual([
      '3:1 mcpServers: both servers: and mcpServers: are present: move every entry under one of them',
    ]);
  });

  it('rejects a catalog without servers', () => {
    expect(problems('settings: {}\n')[0]).toMatch(/^1:1 : no servers: add a servers: map/);
    expect(problems('servers: {}\n')[0]).toMatch(/^1:1 servers: no servers/);
    expect(problems('')[0]).toMatch(/the catalog is empty/);
  });

  it('reports a misspelt top-level key instead of a missing servers map', () => {
    expect(problems('sevrers:\n  a: { command: x }\n')).toEqual(['1:1 : unknown key "sevrers" (did you mean "servers"?)']);
  });

  it('explains how to rename an illegal or ambiguous server id', () => {
    const text = [
      'servers:',
      '  my.server: { command: x }',
      '  git__hub: { command: x }',
      '  1st: { command: x }',
      '  Memory: { command: x }',
      '  memory: { command: x }',
    ].join('\n');
    expect(problems(text)).toEqual([
      '2:3 servers["my.server"]: server id "my.server" may only use A-Z a-z 0-9 _ - (it becomes part of tool names and URIs): rename the key, e.g. to "my-server"',
      '3:3 servers.git__hub: server id "git__hub" contains the separator "__", which would make tool names ambiguous: rename the key (e.g. to "git-hub") or change settings.separator',
      '4:3 servers["1st"]: server id "1st" must start with a letter (it becomes part of tool names and URIs): rename the key, e.g. to "st"',
      '6:3 servers.memory: server id "memory" differs from "Memory" only in case, and URI schemes ignore case: rename one of them',
    ]);
  });

  it('checks ids against the configured separator', () => {
    expect(() => parseCatalog('settings: { separator: "-" }\nservers:\n  git__hub: { command: x }\n', { env: {} })).not.toThrow();
    expect(problems('settings: { separator: "-" }\nservers:\n  my-db: { command: x }\n')[0]).toMatch(/^3:3 servers.my-db: .*separator "-"/);
  });

  it('rejects type and transport that disagree', () => {
    expect(problems('servers:\n  docs:\n    url: http://h/mcp\n    type: sse\n    transport: streamable-http\n')).toEqual([
      '5:5 servers.docs.transport: transport "streamable-http" disagrees with type "sse" (which means "sse"): keep one of them',
    ]);
  });

  it('rejects a transport type on a command server', () => {
    expect(problems('servers:\n  a:\n    command: x\n    type: http\n')).toEqual([
      '4:5 servers.a.type: type must be "stdio" for a server with command (remote servers have url)',
    ]);
  });

  it('rejects enabled and disabled that contradict each other', () => {
    expect(problems('servers:\n  a: { command: x, enabled: true, disabled: true }\n')).toEqual([
      '2:35 servers.a.disabled: disabled: true contradicts enabled: true: keep one of them',
    ]);
  });

  it('reports YAML syntax errors with their line', () => {
    const [first] = problems('servers:\n  a: { command: x\n  b: 1\n');
    expect(first).toMatch(/^3:3 : YAML syntax error: /);
    expect(problems('servers:\n  a: { command: x }\n  a: { command: y }\n')).toEqual([
      '3:3 servers: the server id "a" appears twice (first at line 2); YAML allows a key once per mapping: rename one, or merge the two entries',
    ]);
  });

  it('points JSON text at the right lines too', () => {
    const json = JSON.stringify({ mcpServers: { fs: { command: 'npx', args: ['-y', 42] } } }, null, 2);
    expect(problems(json)).toEqual([
      `7:9 mcpServers.fs.args[1]: expected a string, got a whole number: put the value in quotes ("8080", "true") so YAML reads it as text`,
    ]);
  });

  it('never shows an interpolated value, even in an invalid field', () => {
    const env = { SENTINEL: 'sentinel-7f3a-not-a-url', TIMEOUT: 'sentinel-timeout' };
    const text = ['servers:', '  docs:', '    url: "${SENTINEL}"', '    timeout: "${TIMEOUT}"', '    headers: { X: "${SENTINEL}", Y: 5 }'].join('\n');
    const output = formatted(text, env);
    expect(problems(text, env)).toHaveLength(3);
    expect(output).not.toContain('sentinel');
  });

  it('formats key paths the way they are written', () => {
    expect(formatPath(['servers', 'memory', 'args', 1])).toBe('servers.memory.args[1]');
    expect(formatPath(['servers', 'my-db', 'env', 'A.B'])).toBe('servers.my-db.env["A.B"]');
    expect(formatPath([])).toBe('');
  });
});
