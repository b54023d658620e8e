#!/usr/bin/env node
/**
 * `mcp-switchboard` — argv → command. Nothing else lives here.
 */
import { parseArgs } from 'node:util';
import { listCommand } from './cli/list.js';
import { serveCommand } from './cli/serve.js';
import { VERSION } from './version.js';

const USAGE = `mcp-switchboard ${VERSION} — one MCP server that federates many

Usage:
  mcp-switchboard serve --config FILE     serve the merged catalog over stdio (what a host launches)
  mcp-switchboard list  --config FILE     print the merged tool set and exit (--json for machines)

Options:
  -c, --config FILE   the YAML catalog (default: $MCP_SWITCHBOARD_CONFIG, else ./servers.yaml)
      --json          machine-readable output (list)
  -h, --help          this text
  -v, --version       the version

Logs go to stderr; set MCP_SWITCHBOARD_LOG=debug|info|warn|error (default info).
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', short: 'c' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === 'help') {
    process.stderr.write(USAGE);
    return values.help || command === 'help' ? 0 : 2;
  }
  if (rest.length > 0) {
    process.stderr.write(`mcp-switchboard: unexpected argument "${rest[0]}"\n\n${USAGE}`);
    return 2;
  }
  const config = values.config ?? process.env.MCP_SWITCHBOARD_CONFIG ?? 'servers.yaml';
  switch (command) {
    case 'serve':
      return serveCommand({ config });
    case 'list':
      return listCommand({ config, json: values.json });
    default:
      process.stderr.write(`mcp-switchboard: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`mcp-switchboard: ${message}\n`);
    process.exitCode = 1;
  },
);
