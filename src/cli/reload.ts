/**
 * `reload`: make every gateway serving the catalog re-read it now (what saving the file or
 * SIGHUP does), through their control sockets, and say what each changed. Exit code 0 when every
 * gateway applied it, 1 when none serves the catalog or one refused it (an invalid catalog: the
 * running one stays), 2 when the catalog is invalid here.
 */
import type { ReloadAnswer } from '../control/api.js';
import { controlRequest, findGateways } from '../control/client.js';
import { controlDirOf } from '../control/location.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { printErr, printOut } from './output.js';

export const reload: Command = {
  summary: 'make the running gateway(s) serving the catalog re-read it now, and say what each changed',
  run: async (argv) => {
    const { values } = parseCommandArgs('reload', argv, {});
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const live = await findGateways(controlDirOf(catalog));
    if (live.length === 0) {
      printErr(`reload: no gateway is serving ${catalog.file ?? 'this catalog'}; nothing to reload (the next \`serve\` reads the file as it is)\n`);
      return 1;
    }
    let failed = false;
    for (const { socket, document } of live) {
      const answer = (await controlRequest(socket, 'POST', 'reload')) as ReloadAnswer;
      const pid = document.gateway.pid;
      if (!answer.ok) {
        failed = true;
        printErr(`reload: gateway pid ${pid} kept its running catalog:\n${answer.error}\n`);
        continue;
      }
      const parts = (['added', 'removed', 'restarted', 'reshaped'] as const).map(
        (key) => `${answer[key].length} ${key}${answer[key].length > 0 ? ` (${answer[key].join(', ')})` : ''}`,
      );
      printOut(`gateway pid ${pid}: reloaded; ${parts.join(', ')}\n`);
    }
    return failed ? 1 : 0;
  },
};
