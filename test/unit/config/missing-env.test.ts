import { describe, it, expect } from 'vitest';
import { ConfigError, parseCatalog } from '../../../src/config/index.js';

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseCatalog(text, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

describe('unset variables are held to the server that uses them', () => {
  it('does not interpolate a server that is switched off', () => {
    const catalog = parseCatalog(
      [
        'servers:',
        '  off: { command: node, enabled: false, env: { TOKEN: "${NOT_SET_ANYWHERE}" } }',
        '  gone: { command: node, disabled: true, args: ["${ALSO_UNSET}"] }',
        '  on: { command: node, args: ["${HERE}"] }',
      ].join('\n'),
      { env: { HERE: 'x' } },
    );
    const off = catalog.servers.find((server) => server.id === 'off');
    expect(off?.enabled).toBe(false);
    expect(off?.missingEnv).toBeUndefined();
    expect(off && 'env' in off ? off.env : undefined).toEqual({ TOKEN: '${NOT_SET_ANYWHERE}' });
    expect(catalog.servers.find((server) => server.id === 'on')).toMatchObject({ args: ['x'] });
  });

  it('loads the catalog and marks an enabled server with the unset variables, in first-use order', () => {
    const catalog = parseCatalog(
      [
        'servers:',
        '  github: { command: npx, args: [server-github], env: { GITHUB_TOKEN: "${GH_TOKEN}", ORG: "${GH_ORG}", AGAIN: "${GH_TOKEN}" } }',
        '  docs: { url: "${DOCS_URL}", headers: { Authorization: "Bearer ${DOCS_TOKEN}" } }',
        '  memory: { command: node, args: ["${HOME}/memory.js"] }',
      ].join('\n'),
      { env: { HOME: '/home/ada', DOCS_TOKEN: 'tok-1' } },
    );
    const byId = new Map(catalog.servers.map((server) => [server.id, server]));
    expect(byId.get('github')?.missingEnv).toEqual(['GH_TOKEN', 'GH_ORG']);
    expect(byId.get('docs')?.missingEnv).toEqual(['DOCS_URL']);
    expect(byId.get('memory')?.missingEnv).toBeUndefined();
    expect(byId.get('memory')).toMatchObject({ args: ['/home/ada/memory.js'] });
    // The stand-in URL cannot resolve, and nothing of the unset value is invented.
    expect(byId.get('docs')).toMatchObject({ url: 'http://unset.invalid/' });
  });

  it('still refuses a reference that is malformed, and an unset variable outside the servers', () => {
    expect(problemsOf('servers:\n  a: { command: "${BAD NAME}" }\n')).toEqual([
      expect.stringMatching(/^servers\.a\.command: "\$\{BAD NAME\}" is not a variable reference/),
    ]);
    expect(problemsOf('settings:\n  separator: "${SEP}"\nservers:\n  a: { command: x }\n')).toEqual([
      expect.stringMatching(/^settings\.separator: environment variable SEP is not set/),
    ]);
  });

  it('names the variable when the stand-in cannot make the entry valid', () => {
    expect(problemsOf('servers:\n  a: { command: x, timeout: "${TIMEOUT}" }\n')).toEqual([
      expect.stringMatching(/^servers\.a: environment variable TIMEOUT is not set, so this server is not started: set it .*\$\{TIMEOUT:-default\}/),
    ]);
  });
});
