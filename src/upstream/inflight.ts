/**
 * Which host session is waiting on which server right now, and so which session caused a
 * server→client request (sampling, elicitation, roots) or a log message from that server.
 *
 * Over stdio a server's request carries no id of the call that caused it, so the cause is known for
 * certain only when every call in flight to that server belongs to one session. With calls from
 * several sessions in flight the cause is ambiguous; with none it is absent. Neither is guessed:
 * the hub refuses (or, for logs, keeps the message from every session that has a call in flight).
 * The attributed call's stream carries the request (over HTTP, a request sent any other way goes on
 * the standalone stream, which a host may never open).
 */
import type { ServerContext } from '@modelcontextprotocol/server';
import type { Ask } from './input-bridge.js';
import type { Session } from './session.js';

export type Extra = ServerContext;

export interface ActiveCall {
  session: Session;
  extra: Extra;
  /** For a 2026-07-28 host: puts a server's question to it as `input_required` (see input-bridge.ts). */
  ask?: Ask;
  /** For a 2026-07-28 host: ends its request in progress with an error (a capability it lacks). */
  refuse?: (error: Error) => void;
  /** For a 2026-07-28 host: whether one of its requests is waiting for this call now. */
  hostWaiting?: () => boolean;
}

/** Who caused what a server sends now: one call, nobody, or several sessions at once. */
export type Attribution = { kind: 'call'; call: ActiveCall } | { kind: 'none' } | { kind: 'ambiguous'; sessions: number };

export class CallTracker {
  readonly #byServer = new Map<string, ActiveCall[]>();

  /** Records a call in flight to `serverId`; the returned function ends it. */
  begin(serverId: string, call: ActiveCall): () => void {
    let calls = this.#byServer.get(serverId);
    if (!calls) this.#byServer.set(serverId, (calls = []));
    calls.push(call);
    return () => {
      const list = this.#byServer.get(serverId);
      if (!list) return;
      const index = list.indexOf(call);
      if (index >= 0) list.splice(index, 1);
      if (list.length === 0) this.#byServer.delete(serverId);
    };
  }

  /**
   * The call that caused what `serverId` sends now: the newest call in flight to it when all
   * such calls (of open sessions) belong to one session; otherwise none or ambiguous.
   */
  attribute(serverId: string): Attribution {
    // A bridged call (see input-bridge.ts) outlives the request that started it, and is the cause
    // of nothing while it waits for its host to come back.
    const calls = (this.#byServer.get(serverId) ?? []).filter((c) => (c.hostWaiting ? c.hostWaiting() : !c.session.closed));
    const newest = calls[calls.length - 1];
    if (!newest) return { kind: 'none' };
    const sessions = new Set(calls.map((c) => c.session)).size;
    if (sessions > 1) return { kind: 'ambiguous', sessions };
    return { kind: 'call', call: newest };
  }
}
