import { describe, expect, it } from 'vitest';
import { buildToolIndex } from '../../../../src/registry/search/index.js';
import { corpusDocs, loadCorpus, loadQueries } from '../../../../bench/search/load.js';
import { measureQuality } from '../../../../bench/search/metrics.js';

// Quality, not speed: the committed corpus of real servers' tools and the benchmark's queries
// (bench/search/). `npm run bench:search` prints the full table.
describe('tool search on the benchmark corpus', () => {
  const servers = loadCorpus();
  const queries = loadQueries();

  it('has the corpus the benchmark promises', () => {
    expect(servers.length).toBeGreaterThanOrEqual(10);
    expect(servers.reduce((sum, server) => sum + server.tools.length, 0)).toBeGreaterThanOrEqual(300);
    expect(queries.length).toBeGreaterThanOrEqual(100);
    const known = new Set(servers.flatMap((server) => server.tools.map((tool) => `${server.id}/${tool.name}`)));
    for (const query of queries) for (const expected of query.expect) expect(known.has(expected), `${query.q} → ${expected}`).toBe(true);
  });

  it('finds an expected tool in the top 5 for most queries', () => {
    const quality = measureQuality(buildToolIndex(corpusDocs(servers)), queries);
    expect(quality.recallAt5).toBeGreaterThanOrEqual(0.85);
  });
});
