import { PassThrough, Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { StdioHostTransport } from '../../../src/upstream/stdio-transport.js';

/** A host that takes nothing until `release()`: every byte written stays buffered. */
function stuckHost() {
  const held: (() => void)[] = [];
  const chunks: string[] = [];
  const stream = new Writable({
    highWaterMark: 1024,
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      held.push(callback);
    },
  });
  return { stream, chunks, release: () => held.splice(0).forEach((callback) => callback()) };
}

const log = (i: number): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { level: 'info', data: `line ${i} ${'x'.repeat(100)}` },
});
const response = (id: number): JSONRPCMessage => ({ jsonrpc: '2.0', id, result: { n: id } });
const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('output towards a host that does not read', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops log messages past the bound, counts them, and never drops an answer', async () => {
    const host = stuckHost();
    const backlog: number[] = [];
    const transport = new StdioHostTransport(new PassThrough(), host.stream, { maxBufferedBytes: 10_000, onBacklog: ({ dropped }) => backlog.push(dropped) });
    await transport.start();
    for (let i = 0; i < 2_000; i++) {
      void transport.send(log(i));
      if (i % 100 === 0) await turn();
    }
    for (let id = 1; id <= 50; id++) void transport.send(response(id));
    await turn();
    // Bounded: what is buffered is the bound plus one batch, not 2,000 log lines.
    expect(host.stream.writableLength).toBeLessThan(10_000 + 100 * 200);
    expect(transport.droppedLogs).toBeGreaterThan(1_500);
    expect(backlog[0]).toBe(1);
    host.release();
    await turn();
    host.release();
    const written = host.chunks.join('');
    for (let id = 1; id <= 50; id++) expect(written).toContain(`"id":${id},`);
    await transport.close();
  });

  it('disconnects a host that stays behind for stallTimeout, and not one that catches up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const slow = stuckHost();
    const catching = new StdioHostTransport(new PassThrough(), slow.stream, { maxBufferedBytes: 1_000, stallTimeout: 5_000 });
    let caughtClosed = false;
    catching.onclose = () => (caughtClosed = true);
    await catching.start();
    for (let i = 0; i < 50; i++) void catching.send(response(i));
    await turn();
    void catching.send(response(99)); // past the bound: the stall clock starts
    slow.release();
    await turn();
    slow.release();
    await turn();
    vi.advanceTimersByTime(10_000);
    expect(caughtClosed).toBe(false);
    await catching.close();

    const stuck = stuckHost();
    const transport = new StdioHostTransport(new PassThrough(), stuck.stream, { maxBufferedBytes: 1_000, stallTimeout: 5_000 });
    const errors: string[] = [];
    let closed = false;
    transport.onerror = (error) => errors.push(error.message);
    transport.onclose = () => (closed = true);
    await transport.start();
    for (let i = 0; i < 50; i++) void transport.send(response(i));
    await turn();
    void transport.send(response(99));
    vi.advanceTimersByTime(4_999);
    expect(closed).toBe(false);
    vi.advanceTimersByTime(1);
    await Promise.resolve();
    expect(closed).toBe(true);
    expect(errors[0]).toMatch(/has not read its output for 5000 ms/);
  });
});
