/** The committed corpus and queries, as the index and the metrics read them. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SearchDoc } from '../../src/registry/search/index.js';

export interface CorpusTool {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: unknown;
}
export interface CorpusServer {
  id: string;
  package: string;
  version: string;
  description: string;
  instructions?: string;
  tools: CorpusTool[];
}
export interface Query {
  q: string;
  /** Acceptable answers as `server/tool`; a query is answered when any of them is found. */
  expect: string[];
}

/** The directory of the fixture files, found from the source tree or the compiled copy. */
function fixtureDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const marker = `${join('node_modules', '.cache')}`;
  const at = here.indexOf(marker);
  const root = at >= 0 ? here.slice(0, at) : join(here, '..', '..');
  return join(root, 'bench', 'search');
}

export function loadCorpus(): CorpusServer[] {
  return (JSON.parse(readFileSync(join(fixtureDir(), 'corpus.json'), 'utf8')) as { servers: CorpusServer[] }).servers;
}

/** `queries.json` (the main set) or `queries-holdout.json` (never used for tuning). */
export function loadQueries(file: 'queries.json' | 'queries-holdout.json' = 'queries.json'): Query[] {
  return (JSON.parse(readFileSync(join(fixtureDir(), file), 'utf8')) as { queries: Query[] }).queries;
}

/** The separator the gateway uses by default between server id and tool name. */
const SEPARATOR = '__';

export const advertised = (server: string, tool: string): string => `${server}${SEPARATOR}${tool}`;

/** What the gateway would hand the index for this corpus: namespaced names, server descriptions. */
export function corpusDocs(servers: readonly CorpusServer[]): SearchDoc[] {
  return servers.flatMap((server) =>
    server.tools.map((tool) => ({
      name: advertised(server.id, tool.name),
      server: server.id,
      originalName: tool.name,
      ...(tool.title !== undefined ? { title: tool.title } : {}),
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: tool.inputSchema,
      serverDescription: server.description,
    })),
  );
}
