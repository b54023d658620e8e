/**
 * "Did you mean" for misspelled keys: a close spelling (edit distance), a different case,
 * or a spelling other MCP hosts use for the same thing (`serverUrl`, `cmd`, `environment`).
 */

/** Spellings seen in other hosts' configs, mapped onto ours. */
const ALIASES: Readonly<Record<string, string>> = {
  serverUrl: 'url',
  httpUrl: 'url',
  endpoint: 'url',
  uri: 'url',
  cmd: 'command',
  arguments: 'args',
  environment: 'env',
  envVars: 'env',
  workingDirectory: 'cwd',
  working_directory: 'cwd',
  dir: 'cwd',
  mcp_servers: 'mcpServers',
  mcp_Servers: 'mcpServers',
};

/** The allowed key `key` was most likely meant to be, if any is close enough. */
export function didYouMean(key: string, allowed: readonly string[]): string | undefined {
  const alias = ALIASES[key];
  if (alias !== undefined && allowed.includes(alias)) return alias;
  const lower = key.toLowerCase();
  const sameCase = allowed.find((candidate) => candidate.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;

  // Other hosts' spellings count as candidates too, so `enviroment` still finds `env`.
  const candidates = [...allowed.map((name) => [name, name] as const), ...Object.entries(ALIASES).filter(([, target]) => allowed.includes(target))];
  const budget = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  let best: string | undefined;
  let bestDistance = budget + 1;
  for (const [spelling, target] of candidates) {
    const distance = editDistance(lower, spelling.toLowerCase());
    if (distance < bestDistance) {
      best = target;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    const prev = rows[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
