/**
 * The resource URIs a 2026-07-28 host's `subscriptions/listen` streams ask for, over stdio. The
 * SDK's stdio entry serves the streams themselves (acknowledgement, filters, delivery of the
 * pinned session's notifications); the gateway also has to subscribe the URIs' owners, so it
 * watches the requests go by: a listen with `resourceSubscriptions` starts a watch, and its
 * `notifications/cancelled` (or the connection's end) stops it.
 */
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/server';
import type { SessionFactory } from './ports.js';

type Deliver = (params: { uri: string } & Record<string, unknown>) => void;

/** Listen streams one connection may watch resources with at once (more are not watched). */
const MAX_WATCHES = 64;

export class ListenWatches {
  readonly #stops = new Map<RequestId, () => void>();

  constructor(
    private readonly sessions: SessionFactory,
    private readonly deliver: Deliver,
    /** The profile whose view the connection is served (undefined: the default view). */
    private readonly profile?: string,
  ) {}

  observe(message: JSONRPCMessage): void {
    if (!('method' in message)) return;
    if (message.method === 'subscriptions/listen' && 'id' in message) {
      const uris = resourceSubscriptionsOf(message.params);
      if (uris.length === 0 || !this.sessions.watchResources || this.#stops.size >= MAX_WATCHES) return;
      this.#stops.get(message.id)?.();
      this.#stops.set(message.id, this.sessions.watchResources(uris, this.deliver, this.profile));
    } else if (message.method === 'notifications/cancelled') {
      const id = (message.params as { requestId?: RequestId } | undefined)?.requestId;
      if (id === undefined) return;
      this.#stops.get(id)?.();
      this.#stops.delete(id);
    }
  }

  close(): void {
    for (const stop of this.#stops.values()) stop();
    this.#stops.clear();
  }
}

/** `params.notifications.resourceSubscriptions` of a listen request, strings only. */
export function resourceSubscriptionsOf(params: unknown): string[] {
  const wanted = (params as { notifications?: { resourceSubscriptions?: unknown } } | undefined)?.notifications?.resourceSubscriptions;
  return Array.isArray(wanted) ? wanted.filter((uri): uri is string => typeof uri === 'string') : [];
}
