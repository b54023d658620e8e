/**
 * Progress of a long operation on stderr, for people: `connecting 3 servers… 2/3 ready`, redrawn
 * in place. Only when stderr is a terminal; otherwise nothing at all, so output piped into a file
 * or another program stays machine-readable.
 */
import type { Gateway } from '../gateway.js';

export interface ProgressLine {
  /** Replace the line with `text`. */
  update(text: string): void;
  /** Erase the line (before printing results). */
  done(): void;
}

/** A redrawable line on `stream`, or a no-op when `stream` is not a TTY. */
function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let shown = false;
  return {
    update(text) {
      const width = Math.max(10, (stream.columns || 80) - 1);
      stream.write(`\r\x1b[2K${text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
      shown = false;
    },
  };
}

/**
 * Shows `connecting N servers… R/N ready` (and failures) while `pool` starts. Returns a function
 * that stops listening and erases the line.
 */
export function showConnecting(gateway: Pick<Gateway, 'serverIds' | 'statuses' | 'onServerState'>, line: ProgressLine = progressLine()): () => void {
  const total = gateway.serverIds().length;
  const render = () => {
    const statuses = gateway.statuses();
    const ready = statuses.filter((s) => s.state === 'ready').length;
    const failed = statuses.filter((s) => s.state === 'failed' || s.state === 'needs-login').length;
    const waiting = statuses.filter((s) => s.state === 'connecting' || s.state === 'idle').map((s) => s.serverId);
    const tail = waiting.length > 0 && waiting.length <= 3 ? ` (waiting for ${waiting.join(', ')})` : '';
    line.update(`connecting ${total} server${total === 1 ? '' : 's'}… ${ready}/${total} ready${failed > 0 ? `, ${failed} not available` : ''}${tail}`);
  };
  if (total > 0) render();
  const stop = gateway.onServerState(render);
  return () => {
    stop();
    line.done();
  };
}
