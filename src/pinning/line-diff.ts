/**
 * A minimal line diff (longest common subsequence) for short texts such as tool descriptions:
 * only removed and added lines, with one line of context around each change. Pure.
 */

export interface DiffLine {
  /** `-` removed, `+` added, ` ` unchanged context. */
  sign: '-' | '+' | ' ';
  text: string;
}

/** Above this many lines on either side, the whole text counts as replaced (the table is quadratic). */
const MAX_LINES = 400;

/** The lines that changed from `before` to `after`, with one line of context around each run. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  const all = a.length > MAX_LINES || b.length > MAX_LINES ? replaced(a, b) : lcsDiff(a, b);
  return withContext(all);
}

function replaced(a: string[], b: string[]): DiffLine[] {
  return [...a.map((text): DiffLine => ({ sign: '-', text })), ...b.map((text): DiffLine => ({ sign: '+', text }))];
}

function lcsDiff(a: string[], b: string[]): DiffLine[] {
  // lengths[i][j]: LCS length of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  const at = (i: number, j: number) => lengths[i]?.[j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    const row = lengths[i];
    if (!row) continue;
    for (let j = b.length - 1; j >= 0; j--) row[j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const left = a[i];
    const right = b[j];
    if (left !== undefined && right !== undefined && left === right) {
      out.push({ sign: ' ', text: left });
      i++;
      j++;
    } else if (right === undefined || (left !== undefined && at(i + 1, j) >= at(i, j + 1))) {
      out.push({ sign: '-', text: left ?? '' });
      i++;
    } else {
      out.push({ sign: '+', text: right });
      j++;
    }
  }
  return out;
}

/** Changed lines plus one unchanged line either side of each run; `…` where lines are skipped. */
function withContext(lines: DiffLine[]): DiffLine[] {
  const changed = (line: DiffLine | undefined) => line !== undefined && line.sign !== ' ';
  const keep = lines.map((line, index) => changed(line) || changed(lines[index - 1]) || changed(lines[index + 1]));
  const out: DiffLine[] = [];
  let skipped = false;
  lines.forEach((line, index) => {
    if (keep[index] === true) {
      if (skipped) out.push({ sign: ' ', text: '…' });
      skipped = false;
      out.push(line);
    } else {
      skipped = true;
    }
  });
  return out;
}
