/**
 * Synonyms for query expansion. Two sources:
 * - a small hand list of general software-tool vocabulary (verbs such as find / search / list / get,
 *   create / add / new, nouns such as folder / directory, repo / repository), not tied to any server;
 * - abbreviations mined from the catalog itself: a short term that starts a longer term of the same
 *   tool's text (`repo` in a parameter, `repository` in the description; `env` / `environment`).
 * Expansion is one-way (query → related terms) and weighted below the query's own word.
 */
import type { Analyzer } from './analyze.js';

/** Groups of words that users and tool authors use for the same thing. Each word meets the others. */
const ACTION_GROUPS: readonly string[] = [
  // actions
  'find search lookup locate seek query discover',
  'list enumerate browse all',
  'get fetch retrieve obtain read view load see display show',
  'open read view',
  'create add new make insert generate register',
  'create start begin initiate setup',
  'update edit modify change set patch alter adjust',
  'delete remove drop erase destroy purge discard trash forget uninstall',
  'run execute exec invoke launch trigger perform start',
  'evaluate execute eval',
  'stop kill terminate halt abort end',
  'cancel abort revoke',
  'send post publish submit notify',
  'write save store persist put record',
  'upload attach push',
  'download save export',
  'move rename relocate',
  'copy duplicate clone fork',
  'merge combine',
  'compare diff difference',
  'count number total',
  'sum add plus total calculate',
  'summarize summary overview digest',
  'scrape crawl extract',
  'watch monitor observe track',
  'wait sleep pause delay',
  'close resolve complete finish done',
  'think reason reflect',
  'remember memory memorize recall know',
  'navigate go visit goto open',
  'click press tap button',
  'type enter fill input',
  'hover mouseover',
  'scroll swipe',
  'drag drop',
  'choose select pick option dropdown',
  'dismiss accept handle dialog popup modal alert prompt confirm',
  'resize size dimension viewport window',
  'review approve',
  'link associate connect attach',
  'expose forward tunnel',
];
const THING_GROUPS: readonly string[] = [
  // things
  'file document',
  'folder directory dir',
  'repo repository project',
  'pr pull',
  'issue ticket bug',
  'comment reply note remark',
  'user member person people account profile who',
  'website site webpage page url link',
  'internet web online',
  'image picture photo screenshot snapshot png jpg jpeg gif',
  'media image audio video',
  'text txt plain',
  'markdown md',
  'javascript js script',
  'error exception crash failure problem',
  'log logs',
  'database db',
  'table sql row',
  'email mail',
  'documentation docs manual reference guide',
  'location place address position geocode coordinates street',
  'direction route drive driving',
  'distance far travel',
  'elevation altitude height',
  'business place shop restaurant store venue hotel',
  'customer client buyer contact',
  'payment charge',
  'refund reimburse',
  'invoice bill',
  'subscription plan',
  'container pod',
  'deploy deployment release rollout',
  'tag label',
  'schedule calendar event meeting',
  'channel room conversation chat',
  'message msg dm',
  'news headlines',
  'stats statistics metrics analytics usage',
  'info information details metadata describe description inspect',
  'permission access role allowed',
  'secret credential password token',
  'env environment',
  'config configuration setting settings option preferences',
  'field property attribute column',
  'notification alert',
  'status state health',
  'tree hierarchy structure outline',
  'keyboard key keystroke',
  'tab window',
  'back previous history',
  'shell terminal command console',
  'process task job operation',
  'task item todo',
  'kubernetes k8s kubectl cluster',
  'library package framework dependency module',
  'code source snippet',
  'organization org company team workspace',
  'video clip movie',
  'search research',
  'graph knowledge',
  'entity entities node',
  'relation relationship link connection edge association',
  'observation fact note',
  'app application',
  'auth authentication login signin',
  'spec specification',
  'param parameter argument arg',
  'word term keyword',
  'multiple several many batch bulk',
  'paper article publication',
  'slow long',
];

/** Weight of a synonym relative to the query's own word. */
const SYNONYM_WEIGHT = 0.6;
/** Weight of a mined abbreviation relative to the query's own word. */
const MINED_WEIGHT = 0.6;
/** Related terms kept per term. */
const MAX_RELATED = 16;

export type SynonymTable = ReadonlyMap<string, ReadonlyMap<string, number>>;

function link(table: Map<string, Map<string, number>>, from: string, to: string, weight: number): void {
  if (from === to) return;
  let related = table.get(from);
  if (related === undefined) table.set(from, (related = new Map()));
  if (related.size >= MAX_RELATED) return;
  if ((related.get(to) ?? 0) < weight) related.set(to, weight);
}

/** The hand list, through `analyzer` so its words meet the index's terms. */
export function handSynonyms(analyzer: Analyzer): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const group of [...ACTION_GROUPS, ...THING_GROUPS]) {
    const terms = [...new Set(group.split(' ').map((word) => analyzer.term(word) ?? word))];
    for (const a of terms) for (const b of terms) link(table, a, b, SYNONYM_WEIGHT);
  }
  return table;
}

/** How many documents two ascending lists share. */
function shared(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] ?? 0;
    const y = b[j] ?? 0;
    if (x === y) {
      count++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return count;
}

/**
 * Abbreviations mined from the catalog's own text: `short` (3–6 letters) that starts `long` (at
 * least 3 letters longer), both in the same tool's text, and `short` seen beside `long` in at least
 * half of the tools that use `short` (an abbreviation appears mostly beside its long form; an
 * everyday word that merely prefixes another, `add` / `address`, appears everywhere).
 * `docsOf(id)` lists the documents that hold term `id`, ascending.
 */
export function mineAbbreviations(
  vocabulary: readonly string[],
  idOf: (term: string) => number | undefined,
  docsOf: (id: number) => Int32Array,
): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  vocabulary.forEach((long, longId) => {
    if (long.length < 6 || !/^[a-z]+$/.test(long)) return;
    for (let n = 3; n <= Math.min(6, long.length - 3); n++) {
      const short = long.slice(0, n);
      const shortId = idOf(short);
      if (shortId === undefined) continue;
      const shortDocs = docsOf(shortId);
      const together = shared(shortDocs, docsOf(longId));
      if (together === 0 || together / shortDocs.length < 0.5) continue;
      link(table, short, long, MINED_WEIGHT);
      link(table, long, short, MINED_WEIGHT);
    }
  });
  return table;
}

/** Both tables in one, the larger weight winning. */
export function mergeSynonyms(...tables: ReadonlyMap<string, ReadonlyMap<string, number>>[]): SynonymTable {
  const out = new Map<string, Map<string, number>>();
  for (const table of tables) for (const [from, related] of table) for (const [to, weight] of related) link(out, from, to, weight);
  return out;
}
