/**
 * Which host session is waiting on which server right now. A server→client request (sampling,
 * elicitation, roots) or a log message from a server is attributed to the newest call in flight
 * to that server, and rides that call's stream (over HTTP, a request sent any other way goes on
 * the standalone stream, which a host may never open).
 */
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Session } from './session.js';

export type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ActiveCall {
  session: Session;
  extra: Extra;
}

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

  /** The newest call in flight to `serverId` whose session is still open. */
  latest(serverId: string, accept: (call: ActiveCall) => boolean = () => true): ActiveCall | undefined {
    const calls = this.#byServer.get(serverId) ?? [];
    for (let i = calls.length - 1; i >= 0; i--) {
      const call = calls[i];
      if (call && !call.session.closed && accept(call)) return call;
    }
    return undefined;
  }
}
