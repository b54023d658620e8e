/**
 * Every routed request sent right after initialize, to a server still starting, waits for it
 * (within `settings.startupWait`) instead of failing: prompts/get and resources/read, not only lists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseCatalog } from '../../src/config/index.js';
import { Gateway } from '../../src/gateway.js';
import { connectHost } from '../helpers/in-process.js';
import { fixture, ROOT } from '../helpers/paths.js';

const CATALOG = `
settings:
  startupWait: 20000
servers:
  slow:
    command: node
    args: [${fixture('fixture-server')}, --name, slow, --delay-ms, "400"]
`;

describe('routed requests while a server starts', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
  });

  it('answers prompts/get and resources/read sent right after initialize', async () => {
    gateway = new Gateway(parseCatalog(CATALOG, { env: process.env, cwd: ROOT }));
    void gateway.start();
    const host = await connectHost(gateway);
    const [prompt, resource] = await Promise.all([
      host.client.getPrompt({ name: 'slow__greet', arguments: { who: 'Ada' } }),
      host.client.readResource({ uri: 'slow+fixture://slow/readme' }),
    ]);
    expect(JSON.stringify(prompt.messages)).toContain('Hello, Ada!');
    expect(JSON.stringify(resource.contents)).toContain('readme of slow');
  });
});
