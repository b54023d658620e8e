/**
 * `npm run bench:search`: the tool-search retrieval benchmark (issue 16 item 3). Quality of each
 * step (plain BM25 → full index) on the committed corpus and queries, speed at 5,000 tools, and the
 * bytes of `tools/list` per tool mode. Flags: `--tools N` (scale, default 5000), `--misses` (print
 * the queries the full index misses), `--json FILE`.
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { buildToolIndexWith } from '../../src/registry/search/index.js';
import { DEFAULT_SEARCH_CONFIG, SEARCH_STEPS } from '../../src/registry/search/config.js';
import { listBytesAll, listBytesSearch } from './bytes.js';
import { corpusDocs, loadCorpus, loadQueries } from './load.js';
import { measureQuality } from './metrics.js';
import { measureSpeed, replicate } from './scale.js';

function flag(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

const pad = (text: string, width: number): string => (text.length >= width ? text : text + ' '.repeat(width - text.length));
const fixed = (value: number, digits = 3): string => value.toFixed(digits);

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function main(): void {
  const servers = loadCorpus();
  const queries = loadQueries();
  const holdout = loadQueries('queries-holdout.json');
  const docs = corpusDocs(servers);
  const scaleTo = Number(flag('--tools') ?? 5000);
  console.log(`corpus: ${docs.length} tools from ${servers.length} servers; ${queries.length} queries, ${holdout.length} held out\n`);

  const quality = SEARCH_STEPS.map(({ step, config }) => {
    const index = buildToolIndexWith(docs, config);
    return {
      step: config === DEFAULT_SEARCH_CONFIG ? `${step} (default)` : step,
      isDefault: config === DEFAULT_SEARCH_CONFIG,
      ...measureQuality(index, queries),
      holdout: measureQuality(index, holdout),
    };
  });
  console.log(
    table(
      ['step', 'recall@1', 'recall@5', 'MRR', 'held-out r@1', 'held-out r@5', 'held-out MRR'],
      quality.map((q) => [
        q.step,
        fixed(q.recallAt1),
        fixed(q.recallAt5),
        fixed(q.mrr),
        fixed(q.holdout.recallAt1),
        fixed(q.holdout.recallAt5),
        fixed(q.holdout.mrr),
      ]),
    ),
  );
  const final = quality.find((q) => q.isDefault);
  if (process.argv.includes('--misses') && final) {
    console.log(`\nmissed at 5 by the default index (${final.misses.length}):`);
    for (const miss of final.misses) console.log(`  ${JSON.stringify(miss.q)} want ${miss.expect.join(' | ')} got ${miss.got.join(', ')}`);
  }

  const big = replicate(docs, scaleTo);
  const speed = measureSpeed(
    big,
    queries.map((q) => q.q),
    { builds: 9, rounds: 20 },
  );
  const load = loadavg()[0] ?? 0;
  const ms = (value: number): string => fixed(value, value < 10 ? 3 : 1);
  console.log(
    `\n${table(
      [`${speed.tools} tools`, 'wall p50 ms', 'wall p99 ms', 'wall max ms', 'CPU p50 ms', 'CPU p99 ms', 'CPU max ms', 'runs'],
      [
        [
          'index build',
          ms(speed.build.wall.p50),
          ms(speed.build.wall.p99),
          ms(speed.build.wall.max),
          ms(speed.build.cpu.p50),
          ms(speed.build.cpu.p99),
          ms(speed.build.cpu.max),
          String(speed.build.count),
        ],
        [
          'query (limit 10)',
          ms(speed.query.wall.p50),
          ms(speed.query.wall.p99),
          ms(speed.query.wall.max),
          ms(speed.query.cpu.p50),
          ms(speed.query.cpu.p99),
          ms(speed.query.cpu.max),
          String(speed.query.count),
        ],
      ],
    )}\n(load average ${load.toFixed(1)} on ${cpus().length} cores while measuring; CPU time is what this process used, wall time includes waiting for a core)`,
  );

  const all = listBytesAll(servers);
  const search = listBytesSearch(servers);
  console.log(
    `\n${table(
      ['tools/list mode', 'tools', 'bytes', 'vs all'],
      [
        ['all', String(docs.length), String(all), '1×'],
        ['search (3 gateway tools, estimate)', '3', String(search), `${(all / search).toFixed(1)}× smaller`],
      ],
    )}`,
  );
  const targets = [
    ['recall@5 ≥ 0.90', (final?.recallAt5 ?? 0) >= 0.9],
    [`query p99 ≤ 5 ms at ${speed.tools} tools (wall)`, speed.query.wall.p99 <= 5],
    [`query p99 ≤ 5 ms at ${speed.tools} tools (CPU)`, speed.query.cpu.p99 <= 5],
    [`build ≤ 200 ms at ${speed.tools} tools (median wall)`, speed.build.wall.p50 <= 200],
    [`build ≤ 200 ms at ${speed.tools} tools (median CPU)`, speed.build.cpu.p50 <= 200],
    ['search list ≥ 10× smaller', all / search >= 10],
  ] as const;
  console.log(`\n${targets.map(([what, ok]) => `${ok ? 'met ' : 'MISS'}  ${what}`).join('\n')}`);
  const json = flag('--json');
  if (json !== undefined) writeFileSync(json, `${JSON.stringify({ quality, speed, bytes: { all, search } }, null, 2)}\n`);
}

main();
