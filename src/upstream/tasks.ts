/**
 * Tasks (2025-11-25 `tasks/*`) through the gateway: a task-augmented `tools/call` goes to the
 * tool's server, and the task id the host gets is the gateway's own, random and unguessable,
 * mapped to the server and its id. `tasks/get`, `tasks/result` and `tasks/cancel` find their
 * server through it, and only for the session that created the task (to any other it does not
 * exist); `tasks/list` lists that session's tasks only; a server's status notifications go to
 * that session. A server that restarts has lost its tasks: they answer `failed` with why, without
 * asking the new process. Bounded: the oldest tasks are forgotten past `MAX_TASKS`.
 */
import { randomBytes } from 'node:crypto';

const MAX_TASKS = 10_000;

export interface TaskEntry {
  /** The id the host knows. */
  readonly id: string;
  readonly serverId: string;
  /** The id the server knows. */
  readonly taskId: string;
  /** The session that created it (only it may see it). */
  readonly owner: object;
  /** Why it can no longer be asked about (its server restarted). */
  lost?: string;
}

export class TaskTable {
  readonly #byId = new Map<string, TaskEntry>();
  readonly #byServerTask = new Map<string, TaskEntry>();

  /** A task a server created for `owner`: the id the host gets for it. */
  register(owner: object, serverId: string, taskId: string): string {
    const entry: TaskEntry = { id: `task-${randomBytes(16).toString('base64url')}`, serverId, taskId, owner };
    this.#byId.set(entry.id, entry);
    this.#byServerTask.set(keyOf(serverId, taskId), entry);
    while (this.#byId.size > MAX_TASKS) this.#forget(this.#byId.values().next().value as TaskEntry);
    return entry.id;
  }

  /** `owner`'s task with the host-side `id`; undefined for an unknown id or another session's. */
  get(owner: object, id: string): TaskEntry | undefined {
    const entry = this.#byId.get(id);
    return entry?.owner === owner ? entry : undefined;
  }

  /** The task a server's notification is about. */
  byServerTask(serverId: string, taskId: string): TaskEntry | undefined {
    return this.#byServerTask.get(keyOf(serverId, taskId));
  }

  ofOwner(owner: object): TaskEntry[] {
    return [...this.#byId.values()].filter((entry) => entry.owner === owner);
  }

  /** `serverId` (re)started: the tasks of its previous process are gone. */
  serverRestarted(serverId: string): void {
    for (const entry of this.#byId.values()) {
      if (entry.serverId === serverId) entry.lost ??= `server "${serverId}" restarted, and its tasks ended with the process that ran them`;
    }
  }

  /** Forgets every task of a session that ended. */
  release(owner: object): void {
    for (const entry of this.ofOwner(owner)) this.#forget(entry);
  }

  get size(): number {
    return this.#byId.size;
  }

  #forget(entry: TaskEntry): void {
    this.#byId.delete(entry.id);
    this.#byServerTask.delete(keyOf(entry.serverId, entry.taskId));
  }
}

const keyOf = (serverId: string, taskId: string) => `${serverId}\u0000${taskId}`;
