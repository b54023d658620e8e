/**
 * An advertised name belongs to its owner while the owner is in the catalog: a pass-through server
 * that goes down, or whose tool is held by pinning, keeps its names, and a call gets a clear error
 * naming it instead of reaching a neighbour that lists the same name.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/config/index.js';
import { Gateway } from '../../src/gateway.js';
import { connectHost } from '../helpers/in-process.js';
import { fixture } from '../helpers/paths.js';
import { eventually } from '../helpers/eventually.js';

const FIXTURE = JSON.stringify(fixture('fixture-server'));

function catalog(firstArgs: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'switchboard-names-'));
  const file = join(dir, 'servers.yaml');
  writeFileSync(
    file,
    [
      'servers:',
      '  first:',
      '    command: node',
      `    args: [${[FIXTURE, '--name', 'first', ...firstArgs].join(', ')}]`,
      '    prefix: false',
      '  second:',
      '    command: node',
      `    args: [${FIXTURE}, --name, second]`,
      '    prefix: false',
    ].join('\n'),
  );
  return file;
}

const text = (result: Record<string, unknown>) => JSON.stringify(result.content);

describe('names that stay with their owner', () => {
  let gateway: Gateway | undefined;
  afterEach(async () => {
    await gateway?.stop();
    gateway = undefined;
  });

  it('refuses a call for a pass-through server that is down instead of sending it to the neighbour', async () => {
    gateway = new Gateway(await loadCatalog(catalog()), { debounceMs: 10 });
    await gateway.start();
    const host = await connectHost(gateway);
    const names = (await host.client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'second__echo']));
    expect(gateway.view.routeTool('echo')?.serverId).toBe('first');

    await gateway.stopServer('first');
    await eventually(async () => {
      expect((await host.client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
      return true;
    });
    const after = (await host.client.listTools()).tools.map((t) => t.name);
    // The neighbour keeps the name it had: nothing moves.
    expect(after).toContain('second__echo');
    await expect(host.client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(
      /tool "echo" belongs to server "first", which is not connected: state stopped/,
    );
    expect(gateway.view.routeTool('second__echo')?.serverId).toBe('second');
    const answered = await host.client.callTool({ name: 'second__echo', arguments: { text: 'xyzzy' } });
    expect(answered.isError).not.toBe(true);
    expect(text(answered)).toContain('xyzzy');
  });

  it('keeps a held tool its name while the neighbour lists the same one', async () => {
    gateway = new Gateway(await loadCatalog(catalog(['--mutable'])), { debounceMs: 10 });
    await gateway.start();
    const host = await connectHost(gateway);
    await host.client.callTool({ name: 'mutate_description', arguments: { tool: 'echo', description: 'now something else' } });
    await eventually(() => {
      expect(gateway?.alerts().length).toBe(1);
      return true;
    });
    await eventually(async () => {
      expect((await host.client.listTools()).tools.map((t) => t.name)).not.toContain('echo');
      return true;
    });
    expect((await host.client.listTools()).tools.map((t) => t.name)).toContain('second__echo');
    await expect(host.client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(/held back/);
  });
});
