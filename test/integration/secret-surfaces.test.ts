/**
 * One sentinel secret, with a quote, a backslash and non-ASCII in it, on every surface the
 * gateway writes: each CLI command in text and JSON, HTTP `/status` and `/healthz`, the status
 * resource and the pin state file. A server prints it to stderr, so it reaches every error text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearSecrets } from '../../src/redact.js';
import { cli } from '../helpers/cli.js';
import { writeCatalog } from '../helpers/gateway-client.js';
import { fixture } from '../helpers/paths.js';
import { startHttpGateway, TOKEN, type HttpGateway } from './http/helpers.js';
import { connectClient } from './http/helpers.js';

// What must never appear: the distinctive tail survives every encoding a leak could take.
const MARK = 'q7Zk4w';
const SECRET = `pa"ss\\wörd-${MARK}`;
const VARIABLE = 'SWITCHBOARD_TEST_SURFACE_SECRET';

const yaml = [
  'servers:',
  '  leaky:',
  '    command: sh',
  `    args: [-c, 'echo "token is $API_TOKEN" >&2; exit 1']`,
  `    env: { API_TOKEN: "\${${VARIABLE}}" }`,
  '  fine:',
  '    command: node',
  `    args: [${JSON.stringify(fixture('fixture-server'))}, --name, fine]`,
  `    env: { FINE_TOKEN: "\${${VARIABLE}}" }`,
].join('\n');

function expectClean(surface: string, text: string): void {
  expect(text, surface).not.toContain(MARK);
  expect(text, surface).not.toContain(encodeURIComponent(SECRET).slice(0, 12));
}

describe('a secret on every output surface', () => {
  let file: string;
  beforeAll(async () => {
    file = await writeCatalog(yaml);
  });

  it.each(
    [['check'], ['check', '--json'], ['status'], ['status', '--json'], ['list'], ['list', '--json'], ['call', 'leaky__anything'], ['call', 'nosuch__tool']].map(
      (args) => [args.join(' '), args] as const,
    ),
  )('CLI %s', async (_title, args) => {
    process.env[VARIABLE] = SECRET;
    try {
      const result = await cli(...args, '--config', file);
      // The secret was there to leak: leaky's stderr held it, and the output says something about it.
      expect(result.stdout + result.stderr).toMatch(/leaky/);
      expectClean(args.join(' '), result.stdout + result.stderr);
      if (args.includes('--json')) expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
    } finally {
      delete process.env[VARIABLE];
    }
  });

  describe('over HTTP', () => {
    let http: HttpGateway;
    beforeAll(async () => {
      process.env[VARIABLE] = SECRET;
      http = await startHttpGateway(yaml);
    });
    afterAll(async () => {
      await http.stop();
      delete process.env[VARIABLE];
      clearSecrets();
    });

    it('/status, /healthz, the status resource and the pin state file', async () => {
      const base = new URL(http.url);
      const status = await (await fetch(new URL('/status', base), { headers: { Authorization: `Bearer ${TOKEN}` } })).text();
      expect(status).toContain('leaky');
      expectClean('/status', status);
      expectClean('/healthz', await (await fetch(new URL('/healthz', base))).text());
      const { client } = await connectClient(http.url);
      try {
        expectClean('status resource', JSON.stringify(await client.readResource({ uri: 'switchboard://status' })));
        const error = await client.callTool({ name: 'leaky__x', arguments: {} }).catch((e: unknown) => e);
        expect(String(error)).toContain('leaky');
        expectClean('error to the host', `${String(error)} ${JSON.stringify(error)}`);
      } finally {
        await client.close();
      }
      await http.gateway.flushPins();
      const stateDir = join(dirname(http.gateway.catalog.file ?? ''), '.switchboard');
      for (const name of readdirSync(stateDir)) expectClean(`state file ${name}`, readFileSync(join(stateDir, name), 'utf8'));
    });
  });
});
