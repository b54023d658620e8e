/** Plain-text tables for the terminal and for bench/README.md. */
import type { Row } from './rows.js';

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function ratioOf(row: Row): string {
  return Number.isFinite(row.direct) && Number.isFinite(row.gateway) && row.direct !== 0 ? `${(row.gateway / row.direct).toFixed(2)}×` : '—';
}

export function verdict(row: Row): string {
  if (!row.check) return '';
  return row.check(row.direct, row.gateway) ? 'ok' : 'MISSED';
}

/** A Markdown table (readable as plain text too). */
export function renderTable(header: string[], lines: string[][]): string {
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => (line[i] ?? '').length)));
  const render = (cells: string[]) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(Math.max(1, w - 1))}:`)).join(' | ')} |`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}

export function renderRows(rows: Row[]): string {
  return renderTable(
    ['metric', 'unit', 'direct', 'gateway', 'gateway/direct', 'target', 'verdict'],
    rows.map((row) => [row.label, row.unit, formatNumber(row.direct), formatNumber(row.gateway), ratioOf(row), row.target, verdict(row)]),
  );
}
