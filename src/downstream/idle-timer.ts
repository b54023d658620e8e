/**
 * When a running server has been idle long enough to stop (`idleTimeout`): no request in flight
 * and none begun for `ms`. Requests are counted with `begin()` / `end()`; the timer runs only
 * while the count is zero, and one timer at most exists, so an idle gateway costs nothing.
 */
export class IdleTimer {
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;

  /** `ms` 0 (or less): never idle. `onIdle` decides for itself whether it can stop now. */
  constructor(
    private readonly ms: number,
    private readonly onIdle: () => void,
  ) {}

  /** Requests begun and not yet ended. */
  get inFlight(): number {
    return this.#inFlight;
  }

  begin(): void {
    this.#inFlight++;
    this.cancel();
  }

  end(): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    if (this.#inFlight === 0) this.arm();
  }

  /** Starts counting the quiet time again (the server just became ready, or went quiet). */
  arm(): void {
    this.cancel();
    if (this.ms <= 0 || this.#inFlight > 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.onIdle();
    }, this.ms);
    this.#timer.unref();
  }

  cancel(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
