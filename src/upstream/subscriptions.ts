/**
 * Resource subscriptions across hosts. The owning server is subscribed once, when the first
 * subscriber (a 2025-11-25 session's `resources/subscribe`, or a 2026-07-28 host's listen stream)
 * asks for a URI, and unsubscribed when the last one leaves (or closes); `resources/updated` goes
 * only to the subscribers of that URI, in its advertised form.
 */
import type { UriRoute } from '../registry/types.js';
import type { Router } from './ports.js';

/** Who receives the updates of the URIs it subscribed to. */
export interface ResourceSubscriber {
  /** Advertised URIs it subscribed to. */
  readonly subscriptions: Set<string>;
  resourceUpdated(params: { uri: string } & Record<string, unknown>): void;
}

type Session = ResourceSubscriber;

interface Entry {
  route: UriRoute;
  advertised: string;
  sessions: Set<Session>;
}

const keyOf = (route: UriRoute) => `${route.serverId}\u0000${route.uri}`;

export class Subscriptions {
  readonly #entries = new Map<string, Entry>();

  constructor(private readonly router: Router) {}

  async subscribe(session: Session, advertised: string, route: UriRoute): Promise<void> {
    const key = keyOf(route);
    let entry = this.#entries.get(key);
    if (!entry) {
      await this.router.request(route.serverId, 'resources/subscribe', { uri: route.uri }, {});
      // Another session may have subscribed while we waited.
      entry = this.#entries.get(key) ?? { route, advertised, sessions: new Set() };
      this.#entries.set(key, entry);
    }
    entry.sessions.add(session);
    session.subscriptions.add(advertised);
  }

  async unsubscribe(session: Session, advertised: string, route: UriRoute): Promise<void> {
    session.subscriptions.delete(advertised);
    const key = keyOf(route);
    const entry = this.#entries.get(key);
    if (!entry?.sessions.delete(session) || entry.sessions.size > 0) return;
    this.#entries.delete(key);
    await this.router.request(route.serverId, 'resources/unsubscribe', { uri: route.uri }, {}).catch(() => undefined);
  }

  /** Drops every subscription of a session that ended. */
  async release(session: Session): Promise<void> {
    const mine = [...this.#entries.values()].filter((entry) => entry.sessions.has(session));
    await Promise.all(mine.map((entry) => this.unsubscribe(session, entry.advertised, entry.route)));
  }

  /** Sessions subscribed to `uri` of `serverId`, with the URI they know it by. */
  subscribers(serverId: string, uri: string): { advertised: string; sessions: Session[] } | undefined {
    const entry = this.#entries.get(keyOf({ serverId, uri }));
    return entry ? { advertised: entry.advertised, sessions: [...entry.sessions] } : undefined;
  }

  /** Subscribes a (re)connected server again to everything hosts still want from it. */
  async renew(serverId: string): Promise<void> {
    const wanted = [...this.#entries.values()].filter((entry) => entry.route.serverId === serverId);
    await Promise.all(wanted.map((entry) => this.router.request(serverId, 'resources/subscribe', { uri: entry.route.uri }, {}).catch(() => undefined)));
  }

  /** Number of distinct downstream subscriptions (for status and tests). */
  get size(): number {
    return this.#entries.size;
  }
}
