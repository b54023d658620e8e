/**
 * The control endpoint of a serving gateway (`serve`, `serve --http`): the control API over the
 * gateway's own Unix socket, so `status`, `approve` and `reload` talk to it instead of starting
 * copies of its servers. A socket that cannot be made is a warning, not a reason to stop serving.
 */
import { rmSync } from 'node:fs';
import type { Gateway } from '../gateway.js';
import type { Logger } from '../log.js';
import type { ControlApi, ControlPort } from '../control/api.js';
import { controlApi } from '../control/api.js';
import type { GatewayInfo } from '../control/document.js';
import { controlDirOf } from '../control/location.js';
import type { ControlSocket } from '../control/socket.js';
import { startControlSocket } from '../control/socket.js';
import { loginCommand } from '../oauth/attach.js';

/** The control API of `gateway`, told how it serves (`url`, `ui` when known). */
export function controlOf(gateway: Gateway, info: Pick<GatewayInfo, 'mode' | 'url' | 'ui'>): ControlApi {
  const port: ControlPort = {
    statuses: () => gateway.statuses(),
    alerts: () => gateway.alerts(),
    get sessionCount() {
      return gateway.sessionCount;
    },
    loginCommand: (serverId) => loginCommand(serverId, gateway.catalog.file),
    activity: () => gateway.activity.snapshot(),
    approve: (selectors, all) => gateway.approve(selectors, all),
    reloadFile: () => gateway.reloadFile(),
  };
  const file = gateway.catalog.file;
  return controlApi(port, { pid: process.pid, startedAt: new Date().toISOString(), ...(file !== undefined && { catalog: file }), ...info });
}

/** Starts the control socket for `api`; undefined (with a warning) when there is none. */
export async function startControl(gateway: Gateway, api: ControlApi, logger: Logger): Promise<ControlSocket | undefined> {
  const dir = controlDirOf(gateway.catalog);
  if (dir === undefined) {
    logger.debug('no control socket (the catalog came from no file, or this platform has no Unix sockets)');
    return undefined;
  }
  try {
    const socket = await startControlSocket(dir, api, logger);
    logger.debug(`control socket: ${socket.path}`);
    // Whatever ends the process (the stop deadline, a fatal error), the socket does not outlive it.
    const removeNow = () => rmSync(socket.path, { force: true });
    process.once('exit', removeNow);
    return {
      path: socket.path,
      close: async () => {
        process.off('exit', removeNow);
        await socket.close();
      },
    };
  } catch (error) {
    logger.warn(`no control socket (${(error as Error).message}); status, approve and reload will start their own copies of the servers`);
    return undefined;
  }
}
