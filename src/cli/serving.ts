/**
 * What both ways of serving (stdio, HTTP) do around the gateway: report how start-up went, and
 * follow the catalog file.
 */
import { CatalogWatcher } from '../config/watch.js';
import type { Gateway } from '../gateway.js';
import type { Logger } from '../log.js';
import { isServing } from '../downstream/status.js';

/** Logs, once every server has settled, how many are ready and why the others are not. */
export function reportStartup(gateway: Gateway, logger: Logger): Promise<void> {
  return gateway.started.then(() => {
    if (gateway.stopped) return;
    const statuses = gateway.statuses();
    const ready = statuses.filter((s) => s.state === 'ready').length;
    const asleep = statuses.filter((s) => s.state === 'asleep').length;
    const sleeping = asleep > 0 ? ` (${asleep} asleep: started on demand)` : '';
    logger.info(`${ready}/${statuses.length} server(s) ready${sleeping}, ${gateway.view.tools.length} tool(s) merged`);
    for (const s of statuses) if (!isServing(s.state)) logger.warn(`server "${s.serverId}" is ${s.state}: ${s.lastError ?? 'no details'}`);
  });
}

/**
 * Follows the catalog: a valid edit is applied without a restart (see `Gateway.reload`), an
 * invalid one is reported with file:line and the running catalog stays. SIGHUP reloads too.
 */
export function followCatalog(gateway: Gateway, logger: Logger): { close(): void } {
  const file = gateway.catalog.file;
  if (file === undefined) return { close: () => {} };
  const watcher = new CatalogWatcher({
    file,
    env: process.env,
    onCatalog: (catalog) => {
      gateway.reload(catalog).catch((error: unknown) => logger.error(`reload failed: ${(error as Error).message}`));
    },
    onInvalid: (error) => logger.warn(`the catalog changed but is invalid; still serving the previous one:\n${error.format()}`),
  }).start();
  const onHangup = () => {
    logger.info('SIGHUP: reloading the catalog');
    void watcher.reload();
  };
  process.on('SIGHUP', onHangup);
  return {
    close: () => {
      watcher.close();
      process.off('SIGHUP', onHangup);
    },
  };
}
