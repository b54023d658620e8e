#!/usr/bin/env node
/**
 * `mcp-switchboard` — argv → command. Each command parses its own options (src/cli/*.ts); help is
 * built from those definitions (src/cli/help.ts) and goes to stdout.
 */
import { approve } from './cli/approve.js';
import { HelpRequest, UsageError } from './cli/args.js';
import { call } from './cli/call.js';
import { check } from './cli/check.js';
import type { Command } from './cli/command.js';
import { commandHelp, overview } from './cli/help.js';
import { importCommand } from './cli/import.js';
import { initCommand } from './cli/init.js';
import { installHostCommand, printConfigCommand } from './cli/host-config.js';
import { list } from './cli/list.js';
import { loginCommand } from './cli/login.js';
import { logoutCommand } from './cli/logout.js';
import { reload } from './cli/reload.js';
import { serve } from './cli/serve.js';
import { status } from './cli/status.js';
import { didYouMean } from './config/suggest.js';
import { VERSION } from './version.js';
import { printOut, printErr } from './cli/output.js';

const COMMANDS: Record<string, Command> = {
  init: initCommand,
  serve,
  list,
  check,
  call,
  status,
  'print-config': printConfigCommand,
  'install-host': installHostCommand,
  import: importCommand,
  approve,
  reload,
  login: loginCommand,
  logout: logoutCommand,
};

function commandNamed(name: string): Command | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

/** `unknown command "lsit" (did you mean "list"?)`, or a flag where a command belongs. */
function unknownCommand(name: string): string {
  const meant = didYouMean(name.replace(/^-+/, ''), [...Object.keys(COMMANDS), 'help', 'version']);
  const hint = meant === 'version' ? ' (did you mean --version?)' : meant !== undefined ? ` (did you mean "${meant}"?)` : '';
  const what = name.startsWith('-') ? `option ${name} (options come after the command)` : `command "${name}"`;
  return `mcp-switchboard: unknown ${what}${hint}; \`mcp-switchboard --help\` lists every command\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-v' || name === '--version' || name === 'version') {
    printOut(`${VERSION}\n`);
    return 0;
  }
  if (name === undefined) {
    printErr(await overview(VERSION, COMMANDS));
    return 2;
  }
  if (name === '-h' || name === '--help' || name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      printOut(await overview(VERSION, COMMANDS));
      return 0;
    }
    const command = commandNamed(topic);
    if (!command) {
      printErr(unknownCommand(topic));
      return 2;
    }
    return runCommand(topic, command, ['--help']);
  }
  const command = commandNamed(name);
  if (!command) {
    printErr(unknownCommand(name));
    return 2;
  }
  return runCommand(name, command, rest);
}

/** Runs a command; its `--help` prints the help built from the flags it declared. */
async function runCommand(name: string, command: Command, argv: string[]): Promise<number> {
  try {
    return await command.run(argv);
  } catch (error) {
    if (!(error instanceof HelpRequest)) throw error;
    printOut(commandHelp(name, command, error.options));
    return 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    printErr(`mcp-switchboard: ${message}\n`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
