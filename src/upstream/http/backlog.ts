/**
 * What waits for an HTTP host is bounded per session, as over stdio: while one of the session's
 * open responses (its SSE streams) holds more than `maxBufferedBytes` the host has not taken, log
 * messages for the session are dropped and counted; answers and everything else still go out,
 * and a response that stays past the bound for `stallTimeout` is destroyed (the host may open a
 * new stream). Checked on each send, so it costs no timer.
 */
import type { JSONRPCMessage } from '@modelcontextprotocol/server';
import { DEFAULT_MAX_BUFFERED_BYTES, DEFAULT_STALL_TIMEOUT, isDroppable } from '../output-bound.js';

/** The part of a `ServerResponse` this needs. */
export interface TrackedResponse {
  readonly writableLength: number;
  once(event: 'close', listener: () => void): unknown;
  destroy(): unknown;
}

export interface BacklogOptions {
  /** @default 8 MiB */
  maxBufferedBytes?: number;
  /** @default 30000 */
  stallTimeout?: number;
  /** First drop of each run of drops (and every 10,000th). */
  onDrop?: (dropped: number) => void;
  /** A response was destroyed because its host stopped reading. */
  onStall?: (buffered: number) => void;
  now?: () => number;
}

export class ResponseBacklog {
  readonly #open = new Map<TrackedResponse, number | undefined>();
  /** Log messages dropped over the session's life. */
  dropped = 0;
  #dropping = false;

  constructor(private readonly options: BacklogOptions = {}) {}

  /** Counts `res` until it closes. */
  track(res: TrackedResponse): void {
    this.#open.set(res, undefined);
    res.once('close', () => this.#open.delete(res));
  }

  /** Whether `message` may be sent now. */
  admit(message: JSONRPCMessage): boolean {
    const max = this.options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES;
    const now = (this.options.now ?? Date.now)();
    let over = false;
    for (const [res, since] of this.#open) {
      if (res.writableLength <= max) {
        this.#open.set(res, undefined);
        continue;
      }
      over = true;
      if (since === undefined) this.#open.set(res, now);
      else if (now - since >= (this.options.stallTimeout ?? DEFAULT_STALL_TIMEOUT)) {
        this.options.onStall?.(res.writableLength);
        this.#open.delete(res);
        res.destroy();
      }
    }
    if (!over) {
      this.#dropping = false;
      return true;
    }
    if (!isDroppable(message)) return true;
    this.dropped++;
    if (!this.#dropping || this.dropped % 10_000 === 0) this.options.onDrop?.(this.dropped);
    this.#dropping = true;
    return false;
  }
}
