import { describe, expect, it } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';

function problems(yaml: string): string[] {
  try {
    parseCatalog(yaml, { env: {}, file: 'servers.yaml' });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.line ?? '?'} ${i.path}: ${i.message}`);
    throw error;
  }
  return [];
}

describe('shaping in the catalog', () => {
  it('accepts tools, prompts and resources shaping and keeps it on the entry', () => {
    const catalog = parseCatalog(
      [
        'servers:',
        '  github:',
        '    command: gh-mcp',
        '    tools:',
        '      allow: ["*issue*", search_code]',
        '      deny: ["delete_*"]',
        '      rename: { search_code: search }',
        '      descriptions: { search: "Search our code" }',
        '    prompts: { hide: true }',
        '    resources: { deny: ["*.env"] }',
      ].join('\n'),
      { env: {} },
    );
    expect(catalog.servers[0]).toMatchObject({
      tools: { allow: ['*issue*', 'search_code'], deny: ['delete_*'], rename: { search_code: 'search' }, descriptions: { search: 'Search our code' } },
      prompts: { hide: true },
      resources: { deny: ['*.env'] },
    });
  });

  it('rejects an invalid rename target and unknown shaping keys with their lines', () => {
    const found = problems(['servers:', '  gh:', '    command: x', '    tools:', '      rename: { a: "bad name!" }', '      alow: ["*"]'].join('\n'));
    expect(found).toEqual([
      '5 servers.gh.tools.rename.a: a rename target may only use A-Z a-z 0-9 _ - (1-64 characters)',
      expect.stringMatching(/^6 servers\.gh\.tools: unknown key "alow" \(did you mean "allow"\?\)/),
    ]);
  });

  it('rejects two renames to one name in a server, naming both', () => {
    const found = problems(['servers:', '  gh:', '    command: x', '    tools:', '      rename: { a: same, b: same }'].join('\n'));
    expect(found).toEqual(['5 servers.gh.tools.rename.b: tools "a" and "b" of server "gh" are both renamed to "same": rename one of them to something else']);
  });

  it('rejects a rename onto a name the server keeps', () => {
    const found = problems(['servers:', '  gh:', '    command: x', '    tools:', '      allow: [a, b]', '      rename: { a: b }'].join('\n'));
    expect(found[0]).toContain('renaming tool "a" to "b" collides with tool "b" of the same server');
  });

  it('rejects renames of pass-through servers that collide across servers, naming both', () => {
    const found = problems(
      [
        'servers:',
        '  one:',
        '    command: x',
        '    prefix: false',
        '    prompts: { rename: { greet: hello } }',
        '  two:',
        '    url: http://localhost/mcp',
        '    prefix: false',
        '    prompts: { rename: { welcome: hello } }',
      ].join('\n'),
    );
    expect(found).toEqual([
      '9 servers.two.prompts.rename.welcome: renaming prompt "welcome" of server "two" to "hello" collides with prompt "greet" of server "one", also advertised as "hello": rename one of them',
    ]);
  });

  it('ignores disabled servers for collisions across servers', () => {
    const yaml = [
      'servers:',
      '  one:',
      '    command: x',
      '    prefix: false',
      '    tools: { rename: { a: z } }',
      '  two:',
      '    command: y',
      '    prefix: false',
      '    enabled: false',
      '    tools: { rename: { b: z } }',
    ];
    expect(problems(yaml.join('\n'))).toEqual([]);
  });

  it("rejects a pass-through rename into another server's name space, and one over the name budget", () => {
    const found = problems(
      [
        'settings: { nameBudget: 16 }',
        'servers:',
        '  github:',
        '    command: x',
        '  local:',
        '    command: y',
        '    prefix: false',
        '    tools: { rename: { a: github__a, b: a_very_long_name_indeed } }',
      ].join('\n'),
    );
    expect(found).toEqual([
      '8 servers.local.tools.rename.a: renaming tool "a" of pass-through server "local" to "github__a" puts it in the name space of server "github": choose another name',
      '8 servers.local.tools.rename.b: renaming tool "b" to "a_very_long_name_indeed" gives "a_very_long_name_indeed", longer than settings.nameBudget (16): choose a shorter name',
    ]);
  });

  it('rejects a rename together with hide', () => {
    const found = problems(['servers:', '  gh:', '    command: x', '    tools: { hide: true, rename: { a: b } }'].join('\n'));
    expect(found[0]).toContain('hide: true advertises no tools');
  });
});
