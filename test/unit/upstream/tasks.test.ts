import { describe, expect, it } from 'vitest';
import { TaskTable } from '../../../src/upstream/tasks.js';

describe('TaskTable', () => {
  it('gives each task an unguessable id of its own, seen only by the session that made it', () => {
    const table = new TaskTable();
    const alice = {};
    const bob = {};
    const id = table.register(alice, 'ev', 'server-task-1');
    expect(id).not.toContain('server-task-1');
    expect(table.get(alice, id)).toMatchObject({ serverId: 'ev', taskId: 'server-task-1' });
    expect(table.get(bob, id)).toBeUndefined();
    expect(table.ofOwner(bob)).toEqual([]);
    expect(table.byServerTask('ev', 'server-task-1')?.id).toBe(id);
  });

  it("marks the tasks of a restarted server as lost, and forgets a session's tasks when it ends", () => {
    const table = new TaskTable();
    const owner = {};
    const a = table.register(owner, 'ev', 't1');
    const b = table.register(owner, 'other', 't2');
    table.serverRestarted('ev');
    expect(table.get(owner, a)?.lost).toMatch(/server "ev" restarted/);
    expect(table.get(owner, b)?.lost).toBeUndefined();
    table.release(owner);
    expect(table.size).toBe(0);
    expect(table.byServerTask('other', 't2')).toBeUndefined();
  });
});
