/**
 * `logout <server>`: forgets the server's login (its tokens and client registration) in the state
 * directory. A running gateway stops using them within a few seconds. Exit code 0 (also when
 * there was nothing to forget), 2 on a usage or catalog error.
 */
import { stateDirOf } from '../oauth/attach.js';
import { LoginStore } from '../oauth/store.js';
import { parseCommandArgs } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { remoteEntry } from './login.js';
import { printErr } from './output.js';

export const logoutCommand: Command = {
  summary: 'forget the OAuth login (tokens and registration) of a server',
  usage: '<server>',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs('logout', argv, {}, true);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const entry = remoteEntry('logout', catalog.servers, positionals);
    const store = new LoginStore(stateDirOf(catalog));
    const removed = await store.remove(entry.id, entry.url);
    printErr(removed ? `Logged out of "${entry.id}" (removed ${store.fileFor(entry.id, entry.url)}).\n` : `No login for "${entry.id}" to forget.\n`);
    return 0;
  },
};
