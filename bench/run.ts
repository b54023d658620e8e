/**
 * `npm run bench`: direct vs through mcp-switchboard, side by side in one run. See README.md here.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseOptions, sizesFor } from './options.js';
import { RESULTS_DIR } from './paths.js';
import { inspectorLoadRows } from './inspector-load.js';
import { killAll } from './processes.js';
import { medianRows, rowsOf, type Row } from './rows.js';
import { renderScaling, type ScalePoint } from './scaling.js';
import { runSuite, type TransportResult } from './suite.js';
import { ratioOf, renderRows, verdict } from './table.js';
import { startDirect, type TransportKind } from './targets.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

interface Cell {
  servers: number;
  kind: TransportKind;
  runs: TransportResult[];
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const sizes = sizesFor(options.quick);
  const deadline = setTimeout(() => {
    log(`bench: deadline of ${options.maxSeconds} s reached, stopping`);
    killAll();
    process.exit(1);
  }, options.maxSeconds * 1000);
  deadline.unref();

  // One throwaway start so the first measured cold start does not pay for a cold disk cache.
  // It also tells how many tools one fixture server lists (N plus echo, blob and the others).
  const probe = await startDirect('stdio', options.tools);
  const toolsPerServer = probe.toolCount;
  await probe.close();

  const kinds: TransportKind[] = options.http ? ['stdio', 'http'] : ['stdio'];
  const cells: Cell[] = options.servers.flatMap((servers) => kinds.map((kind) => ({ servers, kind, runs: [] })));
  for (let run = 1; run <= options.runs; run++) {
    for (const cell of cells) {
      const skipped = cell.runs.find((r) => 'skipped' in r);
      if (skipped) continue;
      log(`run ${run}/${options.runs}: ${cell.servers} server(s) × ${options.tools} tools over ${cell.kind}`);
      cell.runs.push(await runSuite({ kind: cell.kind, servers: cell.servers, tools: options.tools, toolsPerServer, sizes, log }));
    }
  }

  const report = cells.map(summarize);
  for (const entry of report) {
    console.log(`\n## ${entry.servers} server(s) × ${options.tools} tools, over ${entry.kind} (median of ${entry.measured} run(s))\n`);
    console.log(entry.note ?? renderRows(entry.rows));
  }
  const load = { concurrency: 10, durationSec: options.quick ? 2 : 10 };
  const inspector = options.inspector ? await inspectorLoadRows({ ...load, log }) : { skipped: '--no-inspector' };
  console.log(`\n## MCP Inspector 2.x --load: everything server's echo, ${load.concurrency} in flight for ${load.durationSec} s, over stdio\n`);
  console.log('skipped' in inspector ? `skipped: ${inspector.skipped}` : renderRows(inspector));
  const points: ScalePoint[] = report
    .filter((entry) => entry.kind === 'stdio' && entry.rows.length > 0)
    .map((entry) => ({ servers: entry.servers, tools: entry.servers * toolsPerServer, rows: entry.rows }));
  if (points.length > 1) {
    console.log(`\n## Scaling through the gateway over stdio (${options.tools} tools per server)\n`);
    console.log(renderScaling(points));
  }

  const file = resolve(options.json ?? join(RESULTS_DIR, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));
  mkdirSync(dirname(file), { recursive: true });
  const json = {
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, platform: process.platform },
    options,
    sizes,
    results: report.map(({ rows, ...rest }) => ({ ...rest, rows: rows.map(toJson) })),
    inspectorLoad: 'skipped' in inspector ? inspector : { ...load, rows: inspector.map(toJson) },
    raw: cells,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nJSON: ${file}`);
}

function summarize(cell: Cell) {
  const measured = cell.runs.filter((r) => !('skipped' in r));
  const skipped = cell.runs.find((r): r is { skipped: string } => 'skipped' in r);
  const rows = measured.length > 0 ? medianRows(measured.map((r) => ('skipped' in r ? [] : rowsOf(r, cell.servers)))) : [];
  return { servers: cell.servers, kind: cell.kind, measured: measured.length, note: skipped ? `skipped: ${skipped.skipped}` : undefined, rows };
}

function toJson(row: Row) {
  return {
    key: row.key,
    label: row.label,
    unit: row.unit,
    direct: row.direct,
    gateway: row.gateway,
    ratio: ratioOf(row),
    target: row.target,
    verdict: verdict(row) || 'info',
  };
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    killAll();
    process.exit(1);
  },
);
