/**
 * A server that answers `initialize` and its first listing and then nothing at all is noticed by
 * the liveness ping and restarted, instead of staying `ready` while every call waits its deadline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DownstreamPool } from '../../../src/downstream/pool.js';
import type { ConnectionState } from '../../../src/downstream/types.js';
import { makePool } from '../downstream/helpers.js';
import { faultEntry } from './helpers.js';

const pools: DownstreamPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.stop()));
});

/** Resolves with the server's last error when it leaves `ready` for `restarting`. */
function nextRestart(pool: DownstreamPool, id: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const onState = (serverId: string, next: ConnectionState, previous: ConnectionState) => {
      if (serverId !== id || previous !== 'ready' || next !== 'restarting') return;
      pool.off('state', onState);
      resolve(pool.get(id)?.status().lastError);
    };
    pool.on('state', onState);
  });
}

describe('liveness', () => {
  it('restarts a server gone mute after it became ready, found by the idle ping', async () => {
    const pool = makePool([faultEntry('mute', ['--mute-after-list'], { pingInterval: 200, timeout: 500 })], pools);
    const restarted = nextRestart(pool, 'mute');
    await pool.start();
    expect(pool.ready('mute')).toBe(true);
    expect(await restarted).toMatch(/the server stopped answering: a ping \(quiet for 200 ms\) got no reply within 500 ms/);
  });

  it('pings at once after two calls in a row time out, and restarts the server that does not answer', async () => {
    const pool = makePool([faultEntry('mute', ['--mute-after-list'], { pingInterval: 0, timeout: 300 })], pools);
    const restarted = nextRestart(pool, 'mute');
    await pool.start();
    const calls = [1, 2].map(() => pool.request('mute', 'tools/call', { name: 'echo', arguments: {} }).catch((error: unknown) => error));
    expect(await Promise.all(calls)).toMatchObject([{ code: 'REQUEST_TIMEOUT' }, { code: 'REQUEST_TIMEOUT' }]);
    expect(await restarted).toMatch(/a ping \(2 requests in a row timed out\) got no reply within 300 ms/);
  });

  it('leaves a server that answers its pings alone', async () => {
    const pool = makePool([faultEntry('fine', [], { pingInterval: 50 })], pools);
    const states: ConnectionState[] = [];
    pool.on('state', (_id, state) => states.push(state));
    await pool.start();
    // Several quiet periods pass; each ping is answered, so calls keep working on the same process.
    const pid = pool.get('fine')?.status().pid;
    for (let i = 0; i < 5; i++) await pool.request('fine', 'tools/call', { name: 'slow', arguments: { ms: 100 } });
    expect(pool.get('fine')?.status().pid).toBe(pid);
    expect(states).toEqual(['connecting', 'ready']);
  });
});
