/**
 * What a connection that may sleep (`start: lazy`, an `idleTimeout`) keeps besides its lifecycle:
 * the snapshot it is advertised from while `asleep` (remembered here, kept between runs by the
 * `SnapshotStore`), the idle timer, the resource subscriptions that keep it up, and the on-demand
 * start that requests arriving together share. The connection's state machine decides; this holds
 * the facts and builds the errors a request sees when its start does not work out.
 */
import type { ServerCapabilities } from '@modelcontextprotocol/client';
import type { ServerEntry } from '../config/schema.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import { IdleTimer } from './idle-timer.js';
import type { ServerLists } from './lists.js';
import type { SnapshotStore } from './snapshot-store.js';
import type { ConnectionState, RelayOptions } from './types.js';
import { waitBounded } from './wait.js';

/** Requests an asleep server is not started for: it gets the log level when it starts, and holds no subscription. */
const ANSWERED_ASLEEP: ReadonlySet<string> = new Set(['logging/setLevel', 'resources/unsubscribe']);

/** What a server listed last, advertised while it is asleep. */
export interface Remembered {
  capabilities: ServerCapabilities;
  lists: ServerLists;
  /** ms since the epoch. */
  at: number;
}

/** How an on-demand start ended, as the connection sees it afterwards. */
export interface WakeOutcome {
  state: ConnectionState;
  lastError: string | undefined;
}

export class Sleep {
  /** Whether this server may sleep at all: only then are its snapshots kept. */
  readonly enabled: boolean;
  remembered: Remembered | undefined;
  readonly idle: IdleTimer;
  /** An idle stop in progress: requests that arrive meanwhile start the server again after it. */
  stopping = false;
  /** An on-demand start in progress: requests that arrive meanwhile wait for it too. */
  #waking: Promise<void> | undefined;
  /** Resource URIs subscribed through this connection: a server with subscriptions is never idle-stopped. */
  readonly #subscribed = new Set<string>();

  constructor(
    private readonly entry: ServerEntry,
    private readonly store: SnapshotStore | undefined,
    private readonly log: Logger,
    onIdle: () => void,
  ) {
    this.enabled = entry.start === 'lazy' || (entry.idleTimeout ?? 0) > 0;
    this.idle = new IdleTimer(entry.idleTimeout ?? 0, onIdle);
  }

  /** Looks up the stored snapshot of a lazy server; true when it can sleep on one from the start. */
  recall(): boolean {
    if (this.entry.start !== 'lazy') return false;
    const found = this.store?.lookup(this.entry);
    if (found?.stale) this.log.info('its catalog entry changed since its last snapshot; it is started once to learn its lists again');
    if (!found?.snapshot) return false;
    const { capabilities, lists, at } = found.snapshot;
    this.remembered = { capabilities, lists, at };
    return true;
  }

  /** A lazy server started by `start()` (not a request) goes back to sleep when it has a snapshot. */
  get sleepsOnStart(): boolean {
    return this.entry.start === 'lazy' && this.remembered !== undefined;
  }

  /** Keeps what the server lists now, for sleeping later and (in the store) for the next run. */
  remember(capabilities: ServerCapabilities, lists: ServerLists): void {
    if (!this.enabled) return;
    this.remembered = { capabilities, lists, at: Date.now() };
    this.store?.save(this.entry, capabilities, lists);
  }

  /** Whether a request in `state` must wait for a start (or answer without one, see `answersAsleep`). */
  needsStart(state: ConnectionState): boolean {
    return state === 'asleep' || this.#waking !== undefined || this.stopping;
  }

  /** Requests an asleep server is not started for. */
  answersAsleep(method: string): boolean {
    return ANSWERED_ASLEEP.has(method);
  }

  /** Notes subscriptions that went through, so they keep the server up. */
  track(method: string, params: Record<string, unknown> | undefined): void {
    if (method === 'resources/subscribe') this.#subscribed.add(String(params?.uri));
    if (method === 'resources/unsubscribe') this.#subscribed.delete(String(params?.uri));
  }

  /** Whether an idle stop may go ahead now. */
  get mayStop(): boolean {
    return this.idle.inFlight === 0 && this.#subscribed.size === 0;
  }

  /** The process is gone (lost, stopped): no timer, no subscriptions (the hub renews them on ready). */
  reset(): void {
    this.idle.cancel();
    this.#subscribed.clear();
  }

  /**
   * Starts the server for a request (once for every request that arrives meanwhile) and waits, within
   * the request's timeout and until it is cancelled, for it to be ready. Returns the request's
   * options with the time left, or throws the error the request should fail with.
   */
  async wake(opts: RelayOptions, start: () => Promise<void>, after: () => WakeOutcome): Promise<RelayOptions> {
    const budget = opts.timeout ?? this.entry.timeout;
    const began = performance.now();
    if (this.#waking === undefined) {
      this.log.info('starting on demand');
      const waking = start().finally(() => {
        if (this.#waking === waking) this.#waking = undefined;
      });
      this.#waking = waking;
    }
    const waited = await waitBounded(this.#waking, budget, opts.signal);
    const { state, lastError } = after();
    if (state === 'ready') return { ...opts, timeout: Math.max(1, Math.round(budget - (performance.now() - began))) };
    const id = this.entry.id;
    const facts = { serverId: id, state };
    if (waited === 'timeout') {
      const message = `server "${id}" was asleep and is not ready within the request's timeout (${budget} ms); it is still starting: try again shortly`;
      throw new GatewayError('SERVER_UNAVAILABLE', message, facts);
    }
    if (waited === 'aborted') throw new GatewayError('SERVER_UNAVAILABLE', `server "${id}": the request was cancelled while the server was starting`, facts);
    const why = lastError ?? `it is ${state}`;
    throw new GatewayError('SERVER_UNAVAILABLE', `server "${id}" was asleep and could not be started for this request: ${why}`, facts);
  }
}
