/**
 * The table's rows: each figure direct vs gateway, the ratio, and the issue-8 target it is held to.
 * Rows are computed per run and then reduced to medians over runs, row by row.
 */
import { median } from './stats.js';
import type { PathResult } from './suite.js';

export interface Row {
  key: string;
  label: string;
  unit: string;
  direct: number;
  gateway: number;
  /** What issue 8 asks for, in words. */
  target: string;
  /** Whether the target is met; undefined when the row is informational. */
  check?: (direct: number, gateway: number) => boolean;
}

export function rowsOf(result: PathResult, servers: number): Row[] {
  const { gateway: g, direct: d } = result;
  const ratio = (limit: number) => (direct: number, gateway: number) => gateway <= direct * limit;
  const rows: Row[] = [
    {
      key: 'cold',
      label: `cold start → full tools/list (1 vs ${servers} servers)`,
      unit: 'ms',
      direct: d.coldMs,
      gateway: g.coldMs,
      target: '≤ direct + 200 ms',
      check: (dd, gg) => gg <= dd + 200,
    },
    {
      key: 'coldParallel',
      label: `cold start, direct ${servers} in parallel vs gateway`,
      unit: 'ms',
      direct: result.parallelColdMs,
      gateway: g.coldMs,
      target: 'info',
    },
    {
      key: 'listP50',
      label: `warm tools/list p50 (${d.tools} vs ${g.tools} tools)`,
      unit: 'ms',
      direct: d.list.p50,
      gateway: g.list.p50,
      target: 'gateway ≤ 2 ms',
      check: (_dd, gg) => gg <= 2,
    },
    { key: 'listP99', label: 'warm tools/list p99', unit: 'ms', direct: d.list.p99, gateway: g.list.p99, target: 'info' },
    { key: 'echoP50', label: 'echo p50 (sequential)', unit: 'µs', direct: d.echo.p50, gateway: g.echo.p50, target: '≤ 2×', check: ratio(2) },
    { key: 'echoP90', label: 'echo p90', unit: 'µs', direct: d.echo.p90, gateway: g.echo.p90, target: 'info' },
    { key: 'echoP99', label: 'echo p99', unit: 'µs', direct: d.echo.p99, gateway: g.echo.p99, target: '≤ 2.5×', check: ratio(2.5) },
    {
      key: 'throughput',
      label: 'echo throughput, 64 in flight',
      unit: 'calls/s',
      direct: d.throughput,
      gateway: g.throughput,
      target: '≥ 0.5×',
      check: (dd, gg) => gg >= dd * 0.5,
    },
    { key: 'blob', label: '5 MB result', unit: 'ms', direct: d.blobMs, gateway: g.blobMs, target: '≤ 1.5×', check: ratio(1.5) },
    {
      key: 'rssAtRest',
      label: "gateway's peak RSS once started, before load",
      unit: 'MB',
      direct: Number.NaN,
      gateway: g.atRest ?? Number.NaN,
      target: 'info',
    },
    {
      key: 'peakRssBeforeBlob',
      label: "gateway's peak RSS after echo + 64 in flight",
      unit: 'MB',
      direct: Number.NaN,
      gateway: g.beforeBlob ?? Number.NaN,
      target: 'info',
    },
    {
      key: 'peakRss',
      label: "gateway's own peak RSS (VmHWM)",
      unit: 'MB',
      direct: Number.NaN,
      gateway: g.peakMb,
      target: servers === 10 ? '≤ 100 MB' : 'info',
      ...(servers === 10 ? { check: (_dd: number, gg: number) => gg <= 100 } : {}),
    },
  ];
  return rows;
}

/** Row by row, the median of each side over runs. */
export function medianRows(runs: Row[][]): Row[] {
  const first = runs[0] ?? [];
  return first.map((row) => {
    const same = runs.map((rows) => rows.find((r) => r.key === row.key)).filter((r): r is Row => r !== undefined);
    return { ...row, direct: median(same.map((r) => r.direct)), gateway: median(same.map((r) => r.gateway)) };
  });
}
