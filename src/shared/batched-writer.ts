/**
 * Writes newline-delimited messages to a stream, coalescing everything sent in the same turn of the
 * event loop (flushed in its check phase, right after the I/O that produced them) into
 * one `write` (one syscall instead of one per message: under load, most of a relay's CPU time
 * went to write syscalls). Each `write` resolves once its batch was handed to the stream (or
 * drained), and rejects if the stream failed.
 */
export class BatchedWriter {
  #queue: string[] = [];
  /** Characters queued and not yet handed to the stream. */
  #queuedLength = 0;
  #waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  #scheduled = false;

  constructor(private readonly stream: () => NodeJS.WritableStream | undefined) {}

  /** Characters queued and not yet handed to the stream. */
  get queuedLength(): number {
    return this.#queuedLength;
  }

  write(line: string): Promise<void> {
    this.#queue.push(line);
    this.#queuedLength += line.length;
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.flush);
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Writes what is queued now (also called by the microtask). */
  readonly flush = (): void => {
    this.#scheduled = false;
    if (this.#queue.length === 0) return;
    const data = this.#queue.length === 1 ? (this.#queue[0] as string) : this.#queue.join('');
    const waiters = this.#waiters;
    this.#queue = [];
    this.#queuedLength = 0;
    this.#waiters = [];
    const stream = this.stream();
    const fail = (error: Error) => waiters.forEach((w) => w.reject(error));
    if (!stream) return fail(new Error('Not connected'));
    // The peer went away between `write` and this flush: report it as the broken pipe it is.
    if ((stream as { destroyed?: boolean }).destroyed)
      return fail(Object.assign(new Error('write after the stream was destroyed'), { code: 'ERR_STREAM_DESTROYED' }));
    try {
      stream.write(data, (error) => (error ? fail(error) : waiters.forEach((w) => w.resolve())));
    } catch (error) {
      fail(error as Error);
    }
  };

  /** Settles every pending write as done (the stream is going away). */
  abandon(): void {
    this.#queue = [];
    this.#queuedLength = 0;
    for (const w of this.#waiters.splice(0)) w.resolve();
  }
}
