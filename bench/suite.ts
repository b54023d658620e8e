/**
 * One run for one K over one transport: the gateway in front of K servers, one server directly,
 * and K servers directly in parallel (the fair cold-start baseline).
 */
import { writeCatalog } from './catalog.js';
import { measure, type Metrics } from './measure.js';
import type { Sizes } from './options.js';
import { StartFailure, memoryOf } from './processes.js';
import { coldStartParallel, startDirect, startGateway, type Target, type TransportKind } from './targets.js';

export interface PathResult {
  gateway: Metrics & { peakMb: number; rssMb: number };
  direct: Metrics;
  parallelColdMs: number;
}

export type TransportResult = PathResult | { skipped: string };

export interface SuiteInput {
  kind: TransportKind;
  servers: number;
  tools: number;
  /** What one fixture server lists: `tools` plus its own extras (echo, blob, …). */
  toolsPerServer: number;
  sizes: Sizes;
  log: (line: string) => void;
}

export async function runSuite({ kind, servers, tools, toolsPerServer, sizes, log }: SuiteInput): Promise<TransportResult> {
  const catalog = writeCatalog(servers, tools);
  try {
    let gatewayTarget: Target;
    try {
      gatewayTarget = await startGateway(kind, catalog.path, servers * toolsPerServer);
    } catch (error) {
      if (kind === 'http' && error instanceof StartFailure) return { skipped: httpSkipNote(error) };
      throw error;
    }
    log(`  ${kind} gateway: ${gatewayTarget.toolCount} tools in ${gatewayTarget.coldMs.toFixed(0)} ms, measuring…`);
    const gateway = await measureAndClose(gatewayTarget, sizes, true);
    log(`  ${kind} direct: measuring…`);
    const direct = await measureAndClose(await startDirect(kind, tools), sizes, false);
    const parallelColdMs = await coldStartParallel(kind, servers, tools);
    return { gateway: { ...gateway, peakMb: gateway.peakMb ?? Number.NaN, rssMb: gateway.rssMb ?? Number.NaN }, direct, parallelColdMs };
  } finally {
    catalog.remove();
  }
}

async function measureAndClose(target: Target, sizes: Sizes, readMemory: boolean): Promise<Metrics & { peakMb?: number; rssMb?: number }> {
  try {
    const pid = readMemory ? target.pid : undefined;
    const metrics = await measure(target, sizes, pid === undefined ? undefined : () => memoryOf(pid).peakMb);
    return pid === undefined ? metrics : { ...metrics, ...memoryOf(pid) };
  } finally {
    await target.close();
  }
}

/** The HTTP hosting is optional: say why its rows are missing instead of failing the run. */
function httpSkipNote(error: StartFailure): string {
  const said = error.output.split('\n').find((line) => line.trim() !== '') ?? '';
  return `gateway over Streamable HTTP not available (${error.message}${said ? `: ${said.trim().slice(0, 160)}` : ''})`;
}
