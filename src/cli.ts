#!/usr/bin/env node
/**
 * `mcp-switchboard` — argv → command. Each command parses its own options (src/cli/*.ts).
 */
import { approve } from './cli/approve.js';
import { UsageError } from './cli/args.js';
import { call } from './cli/call.js';
import { check } from './cli/check.js';
import type { Command } from './cli/command.js';
import { importCommand } from './cli/import.js';
import { list } from './cli/list.js';
import { loginCommand } from './cli/login.js';
import { logoutCommand } from './cli/logout.js';
import { reload } from './cli/reload.js';
import { serve } from './cli/serve.js';
import { status } from './cli/status.js';
import { VERSION } from './version.js';
import { printOut, printErr } from './cli/output.js';

const COMMANDS: Record<string, Command> = {
  serve,
  list,
  check,
  call,
  import: importCommand,
  status,
  approve,
  reload,
  login: loginCommand,
  logout: logoutCommand,
};

function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  mcp-switchboard ${command.summary}`);
  return `mcp-switchboard ${VERSION} — one MCP server that federates many

Usage:
${lines.join('\n')}

Every command takes -c, --config FILE (default: $MCP_SWITCHBOARD_CONFIG, else ./servers.yaml).
  -h, --help       this text          -v, --version    the version
Logs go to stderr; set MCP_SWITCHBOARD_LOG=debug|info|warn|error (default info).
`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '-v' || name === '--version') {
    printOut(`${VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    printErr(usage());
    return name === undefined ? 2 : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    printErr(`mcp-switchboard: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('-h') || rest.includes('--help')) {
    printErr(`Usage: mcp-switchboard ${command.summary}\n`);
    return 0;
  }
  return command.run(rest);
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
