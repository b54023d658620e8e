/**
 * When the gateway dies of an uncaught error, its children and their process groups die with it:
 * a real gateway process (the built modules, the serve path's guard) with a server that ignores
 * SIGTERM and stdin EOF and keeps a grandchild, then an error nobody catches.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeCatalog } from '../../helpers/gateway-client.js';
import { ROOT } from '../../helpers/paths.js';
import { eventually, FAULT_FIXTURE, processesWith } from './helpers.js';

const dist = (file: string) => pathToFileURL(join(ROOT, 'dist', file)).href;

async function dyingGateway(marker: string, how: 'throw' | 'reject'): Promise<{ code: number | null; stderr: string }> {
  const catalog = await writeCatalog(`
servers:
  stubborn: { command: node, args: [${FAULT_FIXTURE}, --name, stubborn, --ignore-sigterm, --grandchild, --marker, ${marker}] }
  wrapped: { command: sh, args: [-c, 'node ${FAULT_FIXTURE} --name wrapped --grandchild --marker ${marker}'] }
`);
  const script = join(ROOT, 'dist', `crash-guard-probe-${process.pid}-${how}.mjs`);
  await writeFile(
    script,
    `import { loadCatalog } from ${JSON.stringify(dist('config/index.js'))};
import { Gateway } from ${JSON.stringify(dist('gateway.js'))};
import { createLogger } from ${JSON.stringify(dist('log.js'))};
import { guardProcess } from ${JSON.stringify(dist('cli/crash-guard.js'))};
const gateway = new Gateway(await loadCatalog(process.argv[2], process.env));
guardProcess(gateway, createLogger());
await gateway.start();
process.stderr.write('READY\\n');
process.stdin.once('data', () => { ${how === 'throw' ? "setTimeout(() => { throw new Error('boom from a timer'); });" : "void Promise.reject(new Error('boom from a promise'));"} });
`,
  );
  const child = spawn(process.execPath, [script, catalog], { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await eventually(() => stderr.includes('READY'), 10_000, 'both servers ready');
  // Both servers, the wrapper's node child and two grandchildren.
  expect(processesWith(marker).length).toBeGreaterThanOrEqual(4);
  child.stdin.write('go\n');
  return { code: await exited, stderr };
}

describe('the gateway dies of an uncaught error', () => {
  for (const how of ['throw', 'reject'] as const) {
    it(`kills every child and grandchild and exits 70 (${how === 'throw' ? 'uncaught exception' : 'unhandled rejection'})`, async () => {
      const marker = `crash-guard-${how}-${process.pid}`;
      const { code, stderr } = await dyingGateway(marker, how);
      expect(code).toBe(70);
      expect(stderr).toMatch(
        how === 'throw'
          ? /fatal uncaught exception, stopping every server: Error: boom from a timer/
          : /fatal unhandled rejection, stopping every server: Error: boom from a promise/,
      );
      await eventually(() => processesWith(marker).length === 0, 5_000, 'no process left');
    });
  }
});
