/** The measurements, each run the same way against any target. */
import { callTool, listToolNames } from './client.js';
import type { Sizes } from './options.js';
import { latency, median, since, type Latency } from './stats.js';
import type { Target } from './targets.js';

export interface Metrics {
  coldMs: number;
  tools: number;
  /** Warm tools/list round trip, ms. */
  list: Latency;
  /** Sequential echo round trip, µs. */
  echo: Latency;
  /** Echo calls per second with `inFlight` requests outstanding. */
  throughput: number;
  /** One `blobBytes` result, median ms. */
  blobMs: number;
  /** What `probe` returned once started, before any load (the gateway's RSS at rest). */
  atRest?: number;
  /** What `probe` returned just before the blob calls (the gateway's peak RSS so far). */
  beforeBlob?: number;
}

export async function measure(target: Target, sizes: Sizes, probe?: () => number): Promise<Metrics> {
  const atRest = probe?.();
  const list = await timeEach(sizes.listCalls, () => listToolNames(target.client));
  for (let i = 0; i < sizes.warmup; i++) await callTool(target.client, target.echo, { i });
  const echo = await timeEach(sizes.echoCalls, (i) => callTool(target.client, target.echo, { i }));
  const throughput = await callsPerSecond(target, sizes.inFlight, sizes.throughputMs);
  const beforeBlob = probe?.();
  const blob = await timeEach(sizes.blobRuns, () => blobCall(target, sizes.blobBytes));
  return {
    coldMs: target.coldMs,
    tools: target.toolCount,
    list: latency(list),
    echo: scale(latency(echo), 1000),
    throughput,
    blobMs: median(blob),
    ...(atRest === undefined ? {} : { atRest }),
    ...(beforeBlob === undefined ? {} : { beforeBlob }),
  };
}

async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await run(i);
    samples.push(since(start));
  }
  return samples;
}

/** `inFlight` workers call echo back to back for `windowMs` (after a short warm-up). */
async function callsPerSecond(target: Target, inFlight: number, windowMs: number): Promise<number> {
  let done = 0;
  let counting = false;
  let stop = false;
  const worker = async () => {
    for (let i = 0; !stop; i++) {
      await callTool(target.client, target.echo, { i });
      if (counting) done++;
    }
  };
  const workers = Array.from({ length: inFlight }, worker);
  await sleep(Math.min(500, windowMs / 4));
  counting = true;
  const start = process.hrtime.bigint();
  await sleep(windowMs);
  const elapsed = since(start);
  const counted = done;
  stop = true;
  await Promise.all(workers);
  return counted / (elapsed / 1000);
}

async function blobCall(target: Target, bytes: number): Promise<void> {
  const result = await callTool(target.client, target.blob, { bytes });
  const first = result.content[0] as { text?: string } | undefined;
  if (first?.text?.length !== bytes) throw new Error(`blob returned ${first?.text?.length ?? 0} characters, expected ${bytes}`);
}

function scale(value: Latency, factor: number): Latency {
  return { p50: value.p50 * factor, p90: value.p90 * factor, p99: value.p99 * factor };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
