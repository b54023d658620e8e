import type { Transport, JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { GuardedTransport } from '../../src/downstream/guarded-transport.js';

/** A transport whose incoming side the test drives by hand. */
function fakeInner(): Transport & { deliver(message: JSONRPCMessage): void; hangUp(): void } {
  const inner = {
    start: async () => {},
    send: async () => {},
    close: async () => {},
    deliver(message: JSONRPCMessage) {
      inner.onmessage?.(message);
    },
    hangUp() {
      inner.onclose?.();
    },
  } as Transport & { deliver(message: JSONRPCMessage): void; hangUp(): void };
  return inner;
}

const progress: JSONRPCMessage = { jsonrpc: '2.0', method: 'notifications/progress', params: { progressToken: 1, progress: 1 } };
const response: JSONRPCMessage = { jsonrpc: '2.0', id: 1, result: {} };

/** Records what the SDK's Protocol would see: notifications are handled a microtask later. */
async function observe(drive: (inner: ReturnType<typeof fakeInner>) => void): Promise<string[]> {
  const inner = fakeInner();
  const guarded = new GuardedTransport(inner);
  const seen: string[] = [];
  const closed = new Promise<void>((resolve) => {
    guarded.onclose = () => {
      seen.push('close');
      resolve();
    };
  });
  guarded.onmessage = (message) => {
    if ('method' in message) void Promise.resolve().then(() => seen.push('progress handled'));
    else seen.push('response');
  };
  await guarded.start();
  drive(inner);
  await closed;
  return seen;
}

describe('GuardedTransport (typescript-sdk #2580)', () => {
  it('lets the progress handler run before the response that ends its request', async () => {
    const seen = await observe((inner) => {
      inner.deliver(progress);
      inner.deliver(response);
      setTimeout(() => inner.hangUp(), 20);
    });
    expect(seen).toEqual(['progress handled', 'response', 'close']);
  });

  it('keeps that order when the connection closes in the same turn as both arrive', async () => {
    const seen = await observe((inner) => {
      inner.deliver(progress);
      inner.deliver(response);
      inner.hangUp();
    });
    expect(seen).toEqual(['progress handled', 'response', 'close']);
  });
});

describe('GuardedTransport on a 2026-07-28 connection', () => {
  it('reads a result without resultType as complete, and leaves every other message alone', async () => {
    const inner = fakeInner();
    const guarded = new GuardedTransport(inner);
    const seen: JSONRPCMessage[] = [];
    guarded.onmessage = (message) => void seen.push(message);
    await guarded.start();
    inner.deliver({ jsonrpc: '2.0', id: 1, result: { content: [] } });
    guarded.completeWithoutResultType = true;
    inner.deliver({ jsonrpc: '2.0', id: 2, result: { content: [] } });
    inner.deliver({ jsonrpc: '2.0', id: 3, result: { resultType: 'input_required', inputRequests: {} } });
    inner.deliver({ jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'nope' } });
    expect(seen).toEqual([
      { jsonrpc: '2.0', id: 1, result: { content: [] } },
      { jsonrpc: '2.0', id: 2, result: { content: [], resultType: 'complete' } },
      { jsonrpc: '2.0', id: 3, result: { resultType: 'input_required', inputRequests: {} } },
      { jsonrpc: '2.0', id: 4, error: { code: -32601, message: 'nope' } },
    ]);
  });
});
