/**
 * Command-line options of `npm run bench`:
 *   --servers K[,K2,…]  servers behind the gateway; several values = scaling mode  (default 10)
 *   --tools N           extra tools per fixture server, besides echo/blob/…     (default 50)
 *   --runs R            repeat the whole suite R times; the table shows medians (default 1)
 *   --json FILE         where the JSON goes (default bench/results/<timestamp>.json)
 *   --quick             fewer samples and shorter throughput windows (a smoke run)
 *   --no-http           skip the Streamable HTTP rows even when the gateway supports them
 *   --max-seconds S     hard deadline for the whole run (default 900)
 *   --no-inspector      skip the Inspector 2.x --load rows
 */
export interface BenchOptions {
  servers: number[];
  tools: number;
  runs: number;
  json: string | undefined;
  quick: boolean;
  http: boolean;
  inspector: boolean;
  maxSeconds: number;
}

/** How many samples each measurement takes. */
export interface Sizes {
  warmup: number;
  echoCalls: number;
  listCalls: number;
  inFlight: number;
  throughputMs: number;
  blobBytes: number;
  blobRuns: number;
}

export function sizesFor(quick: boolean): Sizes {
  return quick
    ? { warmup: 100, echoCalls: 400, listCalls: 50, inFlight: 64, throughputMs: 1000, blobBytes: 5_000_000, blobRuns: 2 }
    : { warmup: 300, echoCalls: 2000, listCalls: 200, inFlight: 64, throughputMs: 3000, blobBytes: 5_000_000, blobRuns: 5 };
}

export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { servers: [10], tools: 50, runs: 1, json: undefined, quick: false, http: true, inspector: true, maxSeconds: 900 };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const next = (): string => {
      const value = argv[++i];
      if (value === undefined) throw new Error(`${flag} expects a value`);
      return value;
    };
    switch (flag) {
      case '--servers':
        options.servers = next()
          .split(',')
          .map((part) => positive('--servers', part));
        break;
      case '--tools':
        options.tools = positive('--tools', next(), true);
        break;
      case '--runs':
        options.runs = positive('--runs', next());
        break;
      case '--json':
        options.json = next();
        break;
      case '--quick':
        options.quick = true;
        break;
      case '--no-http':
        options.http = false;
        break;
      case '--no-inspector':
        options.inspector = false;
        break;
      case '--max-seconds':
        options.maxSeconds = positive('--max-seconds', next());
        break;
      default:
        throw new Error(`unknown option ${flag} (expected --servers, --tools, --runs, --json, --quick, --no-http, --no-inspector, --max-seconds)`);
    }
  }
  return options;
}

function positive(flag: string, text: string, zeroAllowed = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (zeroAllowed ? 0 : 1)) {
    throw new Error(`${flag}: expected a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got "${text}"`);
  }
  return value;
}
