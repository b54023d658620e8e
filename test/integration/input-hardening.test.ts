/**
 * Hostile arguments from a host: `__proto__` / `constructor` keys and duplicate JSON keys cannot
 * pollute prototypes or change routing, and arguments reach the owner exactly as they were sent.
 */
import { InMemoryTransport } from '@modelcontextprotocol/server';
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Gateway } from '../../src/gateway.js';
import { startGateway } from '../helpers/in-process.js';
import { fixture } from '../helpers/paths.js';
import { eventually } from '../helpers/eventually.js';

const catalog = `
servers:
  raw:
    command: node
    args: [${fixture('raw-server')}]
  alpha:
    command: node
    args: [${fixture('fixture-server')}, --name, alpha]
`;

/** A host that sends raw JSON text, parsed as a JSON transport would, and collects replies by id. */
async function rawHost(gateway: Gateway) {
  const [hostSide, serverSide] = InMemoryTransport.createLinkedPair();
  await gateway.createSession().connect(serverSide);
  const replies = new Map<number, JSONRPCMessage>();
  hostSide.onmessage = (message) => {
    if ('id' in message && typeof message.id === 'number') replies.set(message.id, message);
  };
  await hostSide.start();
  const send = async (id: number, json: string) => {
    await hostSide.send(JSON.parse(json) as JSONRPCMessage);
    await eventually(() => replies.has(id), { what: `the reply to ${id}` });
    return replies.get(id) as { result?: { content: { text: string }[]; structuredContent?: unknown }; error?: { code: number } };
  };
  await send(
    0,
    JSON.stringify({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  );
  await hostSide.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return send;
}

describe('input hardening', () => {
  let gateway: Gateway;
  let send: Awaited<ReturnType<typeof rawHost>>;

  beforeAll(async () => {
    gateway = await startGateway(catalog);
    send = await rawHost(gateway);
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('forwards __proto__ and constructor keys as plain data without polluting any prototype', async () => {
    const args = '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"a":1}';
    const reply = await send(1, `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"raw__raw_echo","arguments":${args}}}`);
    const forwarded = JSON.parse(reply.result?.content[0]?.text ?? '{}') as { params: { name: string } };
    expect(forwarded.params.name).toBe('raw_echo');
    expect(JSON.stringify(forwarded.params)).toContain(`"arguments":${args}`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('routes on the same object it forwards when a JSON key is duplicated', async () => {
    const reply = await send(
      2,
      '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"alpha__whoami","name":"raw__raw_echo","arguments":{"k":1,"k":2}}}',
    );
    const forwarded = JSON.parse(reply.result?.content[0]?.text ?? '{}') as { params: { name: string; arguments: unknown } };
    expect(forwarded.params).toMatchObject({ name: 'raw_echo', arguments: { k: 2 } });
  });

  it('refuses arguments that are not an object', async () => {
    const reply = await send(3, '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"alpha__echo","arguments":[1,2]}}');
    expect(reply.error?.code).toBe(-32602);
  });

  it('cannot make the gateway spawn or connect to anything: names only route to catalog servers', async () => {
    const before = gateway.statuses().map((s) => s.pid);
    const reply = await send(
      4,
      '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"evil__x","arguments":{"command":"sh","url":"http://127.0.0.1:1"}}}',
    );
    expect(reply.error?.code).toBe(-32602);
    expect(gateway.statuses().map((s) => s.pid)).toEqual(before);
    expect(gateway.serverIds()).toEqual(['raw', 'alpha']);
  });
});
