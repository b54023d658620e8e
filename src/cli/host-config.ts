/**
 * `print-config <host>` and `install-host <host>`: the one entry a host needs to run this gateway
 * (this Node.js, this gateway's cli.js, the catalog, all absolute; a name budget that fits the
 * host), printed to paste, or merged into the host's config file with a backup of the old one.
 */
import { copyFile, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { stringify as stringifyToml } from 'smol-toml';
import { shellQuote } from '../shared/shell.js';
import { parseCommandArgs, UsageError } from './args.js';
import type { Command } from './command.js';
import { defaultConfigPath } from './command.js';
import { mergeJson, mergeToml } from './host-merge.js';
import { HOST_IDS, hostEntry, hostNamed } from './hosts.js';
import type { HostSpec } from './hosts.js';
import { loadForCli } from './load.js';
import { printErr, printOut } from './output.js';
import { CLI_FILE } from './self.js';
import { didYouMean } from '../config/suggest.js';

const OPTIONS = {
  name: { type: 'string', value: 'NAME', description: 'the entry\'s name in the host (default "switchboard")' },
} as const;

const HOST_LIST = HOST_IDS.join(', ');

interface Target {
  host: HostSpec;
  name: string;
  catalog: string;
  entry: Record<string, unknown>;
}

/** The host named on the command line and the entry for it; undefined when the catalog is invalid. */
async function target(command: string, positionals: string[], values: { config?: string; name?: string }): Promise<Target | undefined> {
  const [id, ...extra] = positionals;
  if (id === undefined || extra.length > 0) throw new UsageError(`${command}: name one host: ${HOST_LIST}`);
  const host = hostNamed(id);
  if (!host) {
    const meant = didYouMean(id, HOST_IDS);
    throw new UsageError(`${command}: unknown host "${id}"${meant !== undefined ? ` (did you mean "${meant}"?)` : ''}; hosts: ${HOST_LIST}`);
  }
  const name = values.name ?? 'switchboard';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(name)) throw new UsageError(`${command}: --name takes 1-32 letters, digits, _ or -, got "${name}"`);
  const catalog = resolve(values.config ?? defaultConfigPath());
  // The entry must run: a catalog that does not load is reported now, not by the host later.
  if (!(await loadForCli(catalog))) return undefined;
  return { host, name, catalog, entry: hostEntry(host, { node: process.execPath, cli: CLI_FILE, catalog, name }) };
}

/** The entry as it goes into the host's file. */
function snippet({ host, name, entry }: Target): string {
  if (host.format === 'toml') return stringifyToml({ [host.key]: { [name]: entry } });
  return `${JSON.stringify({ [host.key]: { [name]: entry } }, null, 2)}\n`;
}

export const printConfigCommand: Command = {
  summary: "print the entry a host needs to run this gateway on the catalog (absolute paths, the host's name budget)",
  usage: `<${HOST_IDS.join('|')}>`,
  details:
    'stdout holds only the snippet, ready to paste; where it goes is on stderr.\n' +
    'Example: mcp-switchboard print-config claude-desktop --config ~/servers.yaml',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs('print-config', argv, OPTIONS, true);
    const found = await target('print-config', positionals, values);
    if (!found) return 2;
    printOut(snippet(found));
    const where = found.host.file({ env: process.env, platform: process.platform, cwd: process.cwd() });
    printErr(`\nAdd this to the "${found.host.key}" of ${where}\n(${found.host.note}), or let \`mcp-switchboard install-host ${found.host.id}\` do it.\n`);
    if (found.host.id === 'claude-code') {
      printErr(`For every project: claude mcp add-json --scope user ${found.name} ${shellQuote(JSON.stringify(found.entry))}\n`);
    }
    return 0;
  },
};

export const installHostCommand: Command = {
  summary: "write the host's entry into its config file, keeping every other entry and comment, with a backup of the old file",
  usage: `<${HOST_IDS.join('|')}>`,
  details: 'Example: mcp-switchboard install-host cursor --config ~/servers.yaml',
  run: async (argv) => {
    const { values, positionals } = parseCommandArgs(
      'install-host',
      argv,
      {
        ...OPTIONS,
        file: { type: 'string', value: 'FILE', description: "the host's config file (default: where the host keeps it, see print-config)" },
      },
      true,
    );
    const found = await target('install-host', positionals, values);
    if (!found) return 2;
    const file = resolve(values.file ?? found.host.file({ env: process.env, platform: process.platform, cwd: process.cwd() }));
    const outcome = await install(found, file);
    printOut(`${outcome}\nThe other entries of ${file} are as they were; remove the ones the catalog now serves, then restart ${found.host.label}.\n`);
    return 0;
  },
};

/** Merges the entry into `file` (created when missing); the old file is copied to a backup first. */
async function install(found: Target, file: string): Promise<string> {
  const old = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new Error(`cannot read ${file}: ${error.code ?? error.message}`, { cause: error });
  });
  const merged =
    found.host.format === 'toml' ? mergeToml(old ?? '', found.name, found.entry, file) : mergeJson(old ?? '', found.host.key, found.name, found.entry, file);
  if (merged === old) return `${file} already has this entry "${found.name}"; nothing to change.`;
  let backup: string | undefined;
  let mode = 0o600;
  if (old !== undefined) {
    mode = (await stat(file)).mode & 0o777;
    backup = `${file}.backup-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await copyFile(file, backup);
  } else {
    await mkdir(dirname(file), { recursive: true });
  }
  // Written next to the file, then renamed over it: a host reading it sees the old or the new file, never half.
  const temp = `${file}.tmp-${process.pid}`;
  await writeFile(temp, merged, { mode });
  await rename(temp, file);
  return `${old === undefined ? 'Created' : 'Updated'} ${file} with the entry "${found.name}" (${found.host.label})${backup !== undefined ? `; the old file is ${backup}` : ''}.`;
}
