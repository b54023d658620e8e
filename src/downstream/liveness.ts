/**
 * Is a ready server still answering? A server can answer `initialize` and then go mute (a wedged
 * event loop, a deadlocked child): every call would wait out its whole deadline. The monitor pings
 * it when it has been quiet for `intervalMs`, and at once after `afterTimeouts` requests in a row
 * timed out; a ping that gets no answer within `timeoutMs` declares it dead, and the connection
 * restarts it. One monitor per ready attempt: `stop()` when the attempt ends.
 */

export interface LivenessOptions {
  /** Quiet time before a ping, in ms; 0 turns the monitor off. */
  intervalMs: number;
  /** How long a ping may take, in ms. */
  timeoutMs: number;
  /** Consecutive request timeouts that trigger a ping at once. */
  afterTimeouts: number;
  /** Sends one ping; rejects when it fails or takes longer than `timeoutMs`. */
  ping: (timeoutMs: number) => Promise<unknown>;
  /** The server did not answer; called at most once. */
  onDead: (reason: string) => void;
}

export class LivenessMonitor {
  #timer: NodeJS.Timeout | undefined;
  #timeouts = 0;
  #pinging = false;
  #stopped = false;

  constructor(private readonly options: LivenessOptions) {
    this.#arm();
  }

  /** The server answered something: it is alive; the quiet period starts again. */
  alive(): void {
    this.#timeouts = 0;
    this.#arm();
  }

  /** A request to it timed out; enough of those in a row and it is pinged now. */
  timedOut(): void {
    this.#timeouts += 1;
    if (this.#timeouts >= this.options.afterTimeouts) void this.#check(`${this.#timeouts} requests in a row timed out`);
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#stopped || this.options.intervalMs <= 0) return;
    this.#timer = setTimeout(() => void this.#check(`quiet for ${this.options.intervalMs} ms`), this.options.intervalMs);
    this.#timer.unref?.();
  }

  async #check(why: string): Promise<void> {
    if (this.#stopped || this.#pinging) return;
    this.#pinging = true;
    const { timeoutMs } = this.options;
    try {
      await this.options.ping(timeoutMs);
      if (this.#stopped) return;
      this.#pinging = false;
      this.alive();
    } catch {
      if (this.#stopped) return;
      this.stop();
      this.options.onDead(`the server stopped answering: a ping (${why}) got no reply within ${timeoutMs} ms`);
    }
  }
}
