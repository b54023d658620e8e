import { escapeControl } from '../shared/terminal.js';

/**
 * Plain-text tables for the terminal: columns padded to their widest cell, long cells cut at
 * `maxCell` characters (one limit for every column, or one per column, 60 where none is given).
 */
export function renderTable(header: string[], rows: string[][], maxCell: number | readonly (number | undefined)[] = 60): string {
  const cut = (cell: string, column: number) => {
    const max = typeof maxCell === 'number' ? maxCell : (maxCell[column] ?? 60);
    const flat = escapeControl(cell.replace(/[ \t\n\r]+/g, ' ').trim());
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  };
  const cells = [header, ...rows].map((row) => row.map(cut));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(cells[0] ?? []), rule, ...cells.slice(1).map(line)].join('\n') + '\n';
}
