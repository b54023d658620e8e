/**
 * Tasks (2025-11-25) through the gateway with the published everything server, whose
 * `simulate-research-query` only runs as a task: offered again, created under the gateway's own
 * task id, polled, read and listed through the gateway, and invisible to another session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { z } from 'zod';
import type { Gateway } from '../../src/gateway.js';
import { eventually } from '../helpers/eventually.js';
import { connectHost, startGateway } from '../helpers/in-process.js';
import { ROOT } from '../helpers/paths.js';

const EVERYTHING = `${ROOT}node_modules/@modelcontextprotocol/server-everything/dist/index.js`;
const Loose = z.looseObject({});
type Task = { taskId: string; status: string };

let gateway: Gateway;
let host: Client;
let other: Client;
beforeAll(async () => {
  gateway = await startGateway(`servers:\n  everything:\n    command: ${process.execPath}\n    args: [${EVERYTHING}, stdio]\n`);
  host = (await connectHost(gateway)).client;
  other = (await connectHost(gateway, {}, 'other')).client;
});
afterAll(async () => {
  await Promise.all([host.close(), other.close()]);
  await gateway.stop();
});

const request = (client: Client, method: string, params: Record<string, unknown>) =>
  client.request({ method, params } as never, Loose) as Promise<Record<string, unknown>>;

describe('tasks through the gateway', () => {
  it('offers the task-only tool and advertises tasks for tools/call', async () => {
    expect(host.getServerCapabilities()).toMatchObject({ tasks: { requests: { tools: { call: {} } } } });
    const tools = (await host.listTools()).tools.map((tool) => tool.name);
    expect(tools).toContain('everything__simulate-research-query');
  });

  it("runs a task end to end under the gateway's own id, for its session only", async () => {
    const created = (await request(host, 'tools/call', {
      name: 'everything__simulate-research-query',
      arguments: { topic: 'gateways' },
      task: { ttl: 60_000 },
    })) as { task: Task };
    const { taskId } = created.task;
    expect(taskId).toMatch(/^task-[A-Za-z0-9_-]{22}$/);
    const done = await eventually(
      async () => {
        const task = (await request(host, 'tasks/get', { taskId })) as Task;
        return task.status === 'working' ? undefined : task;
      },
      { timeout: 30_000, what: 'the task to finish' },
    );
    expect(done).toMatchObject({ taskId, status: 'completed' });
    const result = (await request(host, 'tasks/result', { taskId })) as { content: { text: string }[] };
    expect(result.content[0]?.text).toMatch(/Research Report: gateways/);
    expect(((await request(host, 'tasks/list', {})) as { tasks: Task[] }).tasks.map((task) => task.taskId)).toEqual([taskId]);
    // Another session neither sees nor reaches it.
    expect(((await request(other, 'tasks/list', {})) as { tasks: Task[] }).tasks).toEqual([]);
    await expect(request(other, 'tasks/get', { taskId })).rejects.toMatchObject({ code: -32602 });
  });
});
