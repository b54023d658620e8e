/**
 * `login <server>`: the OAuth authorization code flow for one remote server. Prints the
 * authorization URL (alone on stdout, so it can be piped; the prose goes to stderr), opens a
 * browser with `--open`, waits for the loopback callback (`--timeout`, default 5 minutes), and
 * keeps the tokens in the state directory. A running gateway picks the new login up by itself.
 * Exit code 0 when logged in, 1 when the login failed, 2 on a usage or catalog error.
 */
import { spawn } from 'node:child_process';
import type { ServerEntry } from '../config/schema.js';
import { stateDirOf, usesOAuth } from '../oauth/attach.js';
import { login, type RemoteEntry } from '../oauth/login.js';
import { LoginStore } from '../oauth/store.js';
import { parseCommandArgs, parsePort, UsageError } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { loadForCli } from './load.js';
import { parseTimeout } from './run-gateway.js';
import { printOut, printErr } from './output.js';

export const loginCommand: Command = {
  summary: 'log in to a remote server that uses OAuth; a running gateway picks the login up',
  usage: '<server>',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs(
      'login',
      argv,
      {
        open: { type: 'boolean', description: 'also open the authorization URL in the system browser' },
        port: {
          type: 'string',
          short: 'p',
          value: 'N',
          description: "loopback port of the redirect (default the server's oauth.redirectPort, else any free one)",
        },
        scope: { type: 'string', multiple: true, value: 'S', description: 'a scope to ask for (repeat for more)' },
        timeout: { type: 'string', value: 'MS', description: 'how long to wait for the browser (default 300000)' },
      },
      true,
    );
    const timeout = parseTimeout('login', values.timeout);
    const port = parsePort('login', values.port);
    const catalog = await loadForCli(values.config ?? defaultConfigPath());
    if (!catalog) return 2;
    const entry = remoteEntry('login', catalog.servers, positionals);
    if (!usesOAuth(entry)) {
      throw new UsageError(
        `login: server "${entry.id}" ${entry.oauth === false ? 'has oauth: false' : 'sends its own Authorization header'}; remove that from the catalog to log in with OAuth`,
      );
    }
    const store = new LoginStore(stateDirOf(catalog));
    const err = (text: string) => void printErr(text);
    try {
      const outcome = await login({
        entry,
        store,
        ...(timeout !== undefined ? { timeoutMs: timeout } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(values.scope ? { scopes: values.scope } : {}),
        onAuthorizationUrl: (url) => {
          err(`Open this URL in a browser to authorize mcp-switchboard for "${entry.id}":\n`);
          printOut(`${url.href}\n`);
          err(`Waiting for the authorization (up to ${Math.round((timeout ?? 300_000) / 1000)} s)…\n`);
          if (values.open === true) openBrowser(url, err);
        },
      });
      const expiry = outcome.expiresAt !== undefined ? `, access token valid until ${outcome.expiresAt}` : '';
      err(`Logged in to "${entry.id}" (authorization server ${outcome.issuer}${outcome.scope ? `, scope "${outcome.scope}"` : ''}${expiry}).\n`);
      err(`Tokens kept in ${outcome.file}; a running gateway uses them on its next attempt to reach the server.\n`);
      return 0;
    } catch (error) {
      err(`mcp-switchboard: login to "${entry.id}" failed: ${(error as Error).message}\n`);
      return 1;
    }
  },
};

/** The one remote server named on the command line. */
export function remoteEntry(command: string, servers: readonly ServerEntry[], positionals: readonly string[]): RemoteEntry {
  if (positionals.length !== 1) throw new UsageError(`${command}: name exactly one server, e.g. \`mcp-switchboard ${command} docs\``);
  const id = positionals[0] ?? '';
  const entry = servers.find((server) => server.id === id);
  if (!entry) throw new UsageError(`${command}: no server "${id}" in the catalog (servers: ${servers.map((s) => s.id).join(', ') || 'none'})`);
  if (entry.kind !== 'remote') throw new UsageError(`${command}: server "${id}" is a stdio server; OAuth is for remote (url) servers`);
  return entry;
}

/** The platform's URL opener, the URL as one argument, no shell. */
function openBrowser(url: URL, err: (text: string) => void): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url.href]]
      : process.platform === 'win32'
        ? ['rundll32', ['url.dll,FileProtocolHandler', url.href]]
        : ['xdg-open', [url.href]];
  try {
    const child = spawn(command, args, { stdio: 'ignore', detached: true, shell: false });
    child.on('error', () => err(`(could not start ${command}; open the URL yourself)\n`));
    child.unref();
  } catch {
    err(`(could not start ${command}; open the URL yourself)\n`);
  }
}
