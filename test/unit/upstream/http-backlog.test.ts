import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { ResponseBacklog } from '../../../src/upstream/http/backlog.js';

class FakeResponse extends EventEmitter {
  writableLength = 0;
  destroyed = false;
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

const log: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'x' } };
const answer: JSONRPCMessage = { jsonrpc: '2.0', id: 1, result: {} };
const listChanged: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/tools/list_changed' };

describe('ResponseBacklog (HTTP)', () => {
  it('drops logs while a stream is past the bound, keeps answers and other notifications, and counts', () => {
    const drops: number[] = [];
    const backlog = new ResponseBacklog({ maxBufferedBytes: 100, onDrop: (n) => drops.push(n), now: () => 0 });
    const stream = new FakeResponse();
    backlog.track(stream);
    expect(backlog.admit(log)).toBe(true);
    stream.writableLength = 101;
    expect(backlog.admit(log)).toBe(false);
    expect(backlog.admit(log)).toBe(false);
    expect(backlog.admit(answer)).toBe(true);
    expect(backlog.admit(listChanged)).toBe(true);
    expect(backlog.dropped).toBe(2);
    expect(drops).toEqual([1]);
    stream.writableLength = 0;
    expect(backlog.admit(log)).toBe(true);
  });

  it('destroys a stream that stays past the bound for stallTimeout, and forgets closed ones', () => {
    let now = 0;
    const backlog = new ResponseBacklog({ maxBufferedBytes: 100, stallTimeout: 1_000, now: () => now });
    const stuck = new FakeResponse();
    const gone = new FakeResponse();
    backlog.track(stuck);
    backlog.track(gone);
    gone.writableLength = 500;
    gone.emit('close');
    stuck.writableLength = 500;
    backlog.admit(answer);
    now = 999;
    backlog.admit(answer);
    expect(stuck.destroyed).toBe(false);
    now = 1_000;
    backlog.admit(answer);
    expect(stuck.destroyed).toBe(true);
    expect(gone.destroyed).toBe(false);
    // Nothing open is past the bound any more: logs flow again.
    expect(backlog.admit(log)).toBe(true);
  });
});
