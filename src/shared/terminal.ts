/**
 * Text from servers (tool names, descriptions, a child's stderr) is hostile: an escape sequence
 * printed raw can retitle the terminal, clear it or forge a log line with a newline. Every
 * human-facing line goes through `escapeControl`, which shows each control character (C0 but
 * tab, DEL, C1) visibly as `\xNN` (`\x1b` for ESC, `\x0a` for a newline), so nothing is hidden
 * and nothing is interpreted. JSON output needs no help: `JSON.stringify` escapes them already.
 */

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

/** `text` with every control character but tab shown as `\xNN`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/**
 * Like `escapeControl` for multi-line text the CLI prints: newlines (and tab) stay, every other
 * control character, carriage return included, is shown as `\xNN`.
 */
export function escapeText(text: string): string {
  return text.replace(CONTROL_BUT_LINES, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
