/**
 * A bounded tail of a child's stderr: the last lines it wrote, for error messages and `status`.
 *
 * Attaching puts the stream in flowing mode and keeps it there, so the child never blocks on a full
 * pipe however much it writes. Memory stays bounded: at most `maxLines` lines and about `maxBytes`
 * characters are kept, and a line longer than `maxLineLength` is cut (the rest of it is skipped
 * until the next newline).
 */
import { StringDecoder } from 'node:string_decoder';
import type { Stream } from 'node:stream';
import { redact } from '../redact.js';

export interface StderrTailOptions {
  /** Most lines kept. @default 50 */
  maxLines?: number;
  /** Most characters kept over all lines. @default 16384 */
  maxBytes?: number;
  /** Longer lines are cut to this many characters and marked with `…`. @default 1000 */
  maxLineLength?: number;
  /** Called for every complete line (after truncation), e.g. to log it at debug level. */
  onLine?: (line: string) => void;
}

const TRUNCATED = '…';

export class StderrTail {
  private readonly maxLines: number;
  private readonly maxBytes: number;
  private readonly maxLineLength: number;
  private readonly onLine: ((line: string) => void) | undefined;
  private kept: string[] = [];
  private keptChars = 0;
  private partial = '';
  /** The current line has already been cut; skip input until the next newline. */
  private skipping = false;
  private decoder = new StringDecoder('utf8');

  constructor(options: StderrTailOptions = {}) {
    this.maxLines = options.maxLines ?? 50;
    this.maxBytes = options.maxBytes ?? 16_384;
    this.maxLineLength = options.maxLineLength ?? 1000;
    this.onLine = options.onLine;
  }

  /**
   * Consume `stream` until it ends. Returns a function that stops listening; the stream is then
   * resumed without a listener so it keeps draining.
   */
  attach(stream: Stream): () => void {
    const onData = (chunk: Buffer | string) => this.push(chunk);
    const onEnd = () => this.flush();
    // A stderr stream error (EPIPE, EIO) must not crash the gateway; the tail simply ends.
    const onError = () => this.flush();
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.on('error', onError);
    return () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      (stream as unknown as { resume?: () => void }).resume?.();
    };
  }

  /** Feed a chunk of output. Partial lines are held until their newline arrives. */
  push(chunk: Buffer | string): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    while (text.length > 0) {
      const newline = text.indexOf('\n');
      const piece = newline === -1 ? text : text.slice(0, newline);
      this.appendToPartial(piece);
      if (newline === -1) return;
      this.endLine();
      text = text.slice(newline + 1);
    }
  }

  /** Treat whatever partial line is pending as complete (the stream ended). */
  flush(): void {
    this.appendToPartial(this.decoder.end());
    if (this.partial.length > 0 || this.skipping) this.endLine();
  }

  /** The kept lines, oldest first, plus the pending partial line if any. */
  lines(): string[] {
    return this.partial.length > 0 ? [...this.kept, this.partial] : [...this.kept];
  }

  /** The last `count` lines joined for an error message, or '' when there are none. */
  describe(count = 5): string {
    const lines = this.lines().filter((line) => line.trim().length > 0);
    return lines.slice(-count).join(' | ');
  }

  clear(): void {
    this.kept = [];
    this.keptChars = 0;
    this.partial = '';
    this.skipping = false;
    this.decoder = new StringDecoder('utf8');
  }

  private appendToPartial(piece: string): void {
    if (this.skipping || piece.length === 0) return;
    const room = this.maxLineLength - this.partial.length;
    if (piece.length <= room) {
      this.partial += piece;
      return;
    }
    this.partial += piece.slice(0, Math.max(0, room)) + TRUNCATED;
    this.skipping = true;
  }

  private endLine(): void {
    // Redacted once, where it is kept: every surface that shows stderr (check, status, errors) gets it clean.
    const line = redact(this.partial.endsWith('\r') ? this.partial.slice(0, -1) : this.partial);
    this.partial = '';
    this.skipping = false;
    this.kept.push(line);
    this.keptChars += line.length;
    while (this.kept.length > this.maxLines || (this.keptChars > this.maxBytes && this.kept.length > 1)) {
      this.keptChars -= this.kept.shift()?.length ?? 0;
    }
    this.onLine?.(line);
  }
}
