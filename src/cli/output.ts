/**
 * The one way CLI commands write for people: every line is redacted (secrets in any of their
 * forms) and has its control characters shown visibly, so neither a secret nor a server's escape
 * sequence reaches a terminal. JSON output is redacted too, and every control character escaped.
 * Only `serve` writes elsewhere (stdout is the protocol there).
 */
import { redact } from '../redact.js';
import { escapeText } from '../shared/terminal.js';

/** Human-facing text on stdout. */
export function printOut(text: string): void {
  process.stdout.write(escapeText(redact(text)));
}

/** Human-facing text on stderr (errors, hints, progress). */
export function printErr(text: string): void {
  process.stderr.write(escapeText(redact(text)));
}

/**
 * A JSON document on stdout, pretty-printed, one trailing newline. `JSON.stringify` leaves DEL
 * and the C1 controls raw (only C0 must be escaped); they are written as `\u00XX` too.
 */
export function printJson(value: unknown): void {
  const text = JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  process.stdout.write(redact(`${text}\n`));
}
