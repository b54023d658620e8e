/**
 * Shared bits of the downstream integration tests: catalog entries pointing at the compiled
 * fixture servers (`npm test` builds test/fixtures/dist first), and an HTTP fixture launcher.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerEntry } from '../../../src/config/schema.js';
import { DownstreamPool } from '../../../src/downstream/pool.js';
import { silentLogger } from '../../../src/log.js';
import type { PoolEvents, PoolOptions } from '../../../src/downstream/types.js';

const STDIO_FIXTURE = fileURLToPath(new URL('../../fixtures/dist/fixture-server.js', import.meta.url));
const HTTP_FIXTURE = fileURLToPath(new URL('../../fixtures/dist/http-fixture-server.js', import.meta.url));

type Common = Pick<ServerEntry, 'timeout' | 'maxTotalTimeout' | 'connectTimeout' | 'maxConcurrency' | 'restart' | 'maxQueue' | 'maxMessageBytes'>;
const COMMON: Common = { timeout: 5000, maxTotalTimeout: 60_000, connectTimeout: 5000, maxConcurrency: 4 };

export function stdioEntry(id: string, args: string[], overrides: Partial<Common> = {}): ServerEntry {
  return { kind: 'stdio', id, enabled: true, command: process.execPath, args: [STDIO_FIXTURE, '--name', id, ...args], env: {}, ...COMMON, ...overrides };
}

export function remoteEntry(id: string, url: string, transport: 'auto' | 'streamable-http' | 'sse', overrides: Partial<Common> = {}): ServerEntry {
  return { kind: 'remote', id, enabled: true, url, headers: { Authorization: 'Bearer secret-token' }, transport, ...COMMON, ...overrides };
}

export const POOL_OPTIONS: PoolOptions = { clientInfo: { name: 'switchboard-test', version: '0.0.0' } };

/** A pool that the caller stops in `afterEach` (tracked in `pools`). */
export function makePool(entries: ServerEntry[], pools: DownstreamPool[], options: PoolOptions = POOL_OPTIONS): DownstreamPool {
  const pool = new DownstreamPool(entries, options, silentLogger);
  pools.push(pool);
  return pool;
}

export interface HttpFixture {
  port: number;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Start the HTTP fixture on a free loopback port; resolves once it prints `LISTENING <port>`. */
export function startHttpFixture(args: string[]): Promise<HttpFixture> {
  const child = spawn(process.execPath, [HTTP_FIXTURE, '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.resume();
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`http fixture exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /LISTENING (\d+)/.exec(out);
      if (!match) return;
      resolve({
        port: Number(match[1]),
        child,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}

/** Whether a process with `pid` exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Resolves with the arguments of the next `event` the pool fires. */
export function nextEvent<T extends unknown[] = unknown[]>(pool: DownstreamPool, event: keyof PoolEvents): Promise<T> {
  return new Promise((resolve) => pool.once(event, ((...args: unknown[]) => resolve(args as T)) as never));
}
