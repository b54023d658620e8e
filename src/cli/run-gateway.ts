/**
 * A gateway for one-shot commands (`check`, `call`): quiet unless `MCP_SWITCHBOARD_LOG` asks for
 * logs (the command reports what matters itself), progress on a terminal, a hard deadline on
 * starting, and a stop that always runs.
 */
import type { Catalog } from '../config/schema.js';
import { ALL_CLIENT_CAPABILITIES, Gateway } from '../gateway.js';
import { createLogger, parseLogLevel, silentLogger } from '../log.js';
import { UsageError } from './args.js';
import { showConnecting } from './progress.js';

export interface RunGatewayOptions {
  /** Overrides every server's `connectTimeout`, in ms. */
  connectTimeout?: number;
  /**
   * Resolve once this returns true (checked on every state or list change), without waiting
   * for the other servers. @default wait for every server to be ready or failed
   */
  until?: (gateway: Gateway) => boolean;
  /**
   * Start the servers as `serve --http` does: every client capability the gateway relays offered,
   * and the tools that need one learned, so the tool account covers every kind of host.
   * @default false: offered none (what a host without those capabilities sees)
   */
  asShared?: boolean;
}

/** Starts a gateway on `catalog`, runs `body` with it, and stops it whatever happens. */
export async function withGateway<T>(catalog: Catalog, options: RunGatewayOptions, body: (gateway: Gateway) => Promise<T>): Promise<T> {
  const { connectTimeout } = options;
  // A one-shot command reports a server that cannot start instead of retrying it.
  const effective: Catalog = {
    ...catalog,
    servers: catalog.servers.map((server) => ({
      ...server,
      ...(connectTimeout !== undefined && { connectTimeout }),
      restart: { ...server.restart, maxRetries: 0 },
    })),
  };
  const level = process.env.MCP_SWITCHBOARD_LOG;
  const logger = level !== undefined && level !== '' ? createLogger({ level: parseLogLevel(level) }) : silentLogger;
  const gateway = new Gateway(effective, { logger });
  const stopProgress = showConnecting(gateway);
  try {
    const longest = Math.max(0, ...effective.servers.filter((s) => s.enabled).map((s) => s.connectTimeout));
    await settle(gateway, longest + 2_000, options);
    stopProgress();
    return await body(gateway);
  } finally {
    stopProgress();
    await gateway.stop();
  }
}

/** Resolves when every server settled, `until` holds, or `deadline` ms passed, whichever is first. */
async function settle(gateway: Gateway, deadline: number, { until, asShared }: RunGatewayOptions): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let poll: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      asShared ? gateway.start(ALL_CLIENT_CAPABILITIES, { shared: true }) : gateway.start(),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, deadline))),
      ...(until
        ? [
            new Promise<void>((resolve) => {
              // The view is rebuilt shortly after a list change; polling it is simpler than timing that.
              const check = () => (until(gateway) ? resolve() : (poll = setTimeout(check, 20)));
              check();
            }),
          ]
        : []),
    ]);
  } finally {
    clearTimeout(timer);
    clearTimeout(poll);
  }
}

/** `--timeout MS` as a positive whole number of milliseconds, or undefined when absent. */
export function parseTimeout(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`${command}: --timeout expects a positive whole number of milliseconds, got "${value}"`);
  return ms;
}
