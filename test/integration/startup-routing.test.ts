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

  it('without a startup wait, says the owner is still starting rather than that the name is unknown', async () => {
    const catalog = CATALOG.replace('startupWait: 20000', 'startupWait: 0').replace('"400"', '"60000"');
    gateway = new Gateway(parseCatalog(catalog, { env: process.env, cwd: ROOT }));
    void gateway.start();
    const host = await connectHost(gateway);
    await expect(host.client.callTool({ name: 'slow__echo', arguments: {} })).rejects.toMatchObject({
      message: expect.stringContaining('tool "slow__echo" belongs to server "slow", which is still starting (state connecting)'),
    });
    await expect(host.client.callTool({ name: 'nobody__echo', arguments: {} })).rejects.toMatchObject({
      message: expect.stringContaining('Unknown tool "nobody__echo"'),
    });
  });
});
