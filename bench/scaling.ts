/** Scaling mode: how each gateway figure grows from the smallest K to the largest. */
import type { Row } from './rows.js';
import { formatNumber, renderTable } from './table.js';

export interface ScalePoint {
  servers: number;
  /** Merged tools behind the gateway. */
  tools: number;
  rows: Row[];
}

const COLUMNS: [key: string, heading: string][] = [
  ['cold', 'cold start ms'],
  ['listP50', 'tools/list p50 ms'],
  ['echoP50', 'echo p50 µs'],
  ['echoP99', 'echo p99 µs'],
  ['throughput', 'calls/s (64)'],
  ['blob', '5 MB ms'],
  ['rssAtRest', 'RSS at rest MB'],
  ['peakRss', 'peak RSS MB'],
];

const gatewayValue = (point: ScalePoint, key: string) => point.rows.find((row) => row.key === key)?.gateway ?? Number.NaN;

export function renderScaling(points: ScalePoint[]): string {
  const table = renderTable(
    ['servers', 'tools', ...COLUMNS.map(([, heading]) => heading)],
    points.map((point) => [String(point.servers), String(point.tools), ...COLUMNS.map(([key]) => formatNumber(gatewayValue(point, key)))]),
  );
  return `${table}\n\n${growth(points).join('\n')}`;
}

/** One sentence per figure: first → last, the factor, and whether that is flat, sublinear or linear. */
function growth(points: ScalePoint[]): string[] {
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || first === last) return [];
  const serverFactor = last.servers / first.servers;
  return COLUMNS.map(([key, heading]) => {
    const from = gatewayValue(first, key);
    const to = gatewayValue(last, key);
    const factor = to / from;
    const shape =
      factor < 1.25 && factor > 0.8
        ? 'flat'
        : factor <= Math.sqrt(serverFactor)
          ? 'sublinear'
          : factor < serverFactor * 0.8
            ? 'grows, less than linearly'
            : 'about linear';
    const extra = key === 'rssAtRest' ? `; about ${formatNumber(((to - from) * 1024) / (last.tools - first.tools))} KB per merged tool` : '';
    return `- ${heading}: ${formatNumber(from)} → ${formatNumber(to)} (×${factor.toFixed(2)} for ×${serverFactor} servers: ${shape}${extra})`;
  });
}
