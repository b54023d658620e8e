/**
 * Newline framing of a byte stream, with a cap on the size of one line.
 *
 * Unlike the SDK's `ReadBuffer`, which concatenates its whole buffer with every chunk (quadratic
 * in the size of a message that arrives in many chunks), the framer keeps the chunks of the
 * pending line in a list and joins them once, when the newline arrives. Only the new chunk is
 * scanned. A line longer than `maxBytes` is reported once and skipped up to its newline, without
 * being buffered.
 */

export interface LineFramerOptions {
  /** Largest line, in bytes, without its newline. */
  maxBytes: number;
  /** A complete line, `\r\n` and `\n` both accepted (the `\r` is removed). */
  onLine: (line: Buffer) => void;
  /** A line grew past `maxBytes`; it is being skipped. Called once per such line. */
  onOversize: (bytesSoFar: number) => void;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

export class LineFramer {
  private chunks: Buffer[] = [];
  private pending = 0;
  /** The current line went over the cap: drop bytes until the next newline. */
  private skipping = false;

  constructor(private readonly options: LineFramerOptions) {}

  /** Bytes held for the line in progress. */
  get buffered(): number {
    return this.pending;
  }

  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline === -1 ? chunk.length : newline;
      this.take(chunk.subarray(start, end));
      if (newline === -1) return;
      this.endLine();
      start = newline + 1;
    }
  }

  /** Forget the line in progress. */
  clear(): void {
    this.chunks = [];
    this.pending = 0;
    this.skipping = false;
  }

  private take(piece: Buffer): void {
    if (this.skipping || piece.length === 0) return;
    if (this.pending + piece.length > this.options.maxBytes) {
      const total = this.pending + piece.length;
      this.chunks = [];
      this.pending = 0;
      this.skipping = true;
      this.options.onOversize(total);
      return;
    }
    this.chunks.push(piece);
    this.pending += piece.length;
  }

  private endLine(): void {
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    const line = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.pending);
    this.chunks = [];
    this.pending = 0;
    const trimmed = line.length > 0 && line[line.length - 1] === CR ? line.subarray(0, line.length - 1) : line;
    this.options.onLine(trimmed);
  }
}
