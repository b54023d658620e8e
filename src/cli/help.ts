/**
 * Help text built from each command's own definition: its summary, its positionals and the flags
 * it hands to the parser (with their descriptions), so a flag added to a command is in its help.
 */
import { HelpRequest } from './args.js';
import type { OptionSpec } from './args.js';
import type { Command } from './command.js';

/**
 * The flags `command` parses: its run function is asked for `--help`, which the parser answers
 * before the command does anything else. A command that does not parse its argv has none to show.
 */
async function optionsOf(command: Command): Promise<Readonly<Record<string, OptionSpec>>> {
  try {
    await command.run(['--help']);
  } catch (error) {
    if (error instanceof HelpRequest) return error.options;
  }
  return {};
}

/** `-t, --timeout MS` */
function flagLabel(name: string, spec: OptionSpec): string {
  const value = spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : '';
  return `${spec.short !== undefined ? `-${spec.short}, ` : '    '}--${name}${value}${spec.multiple === true ? ' ...' : ''}`;
}

/** `[--json] [--timeout MS]`: the flags of a command as a synopsis, --config first, --help left out. */
function synopsis(name: string, command: Command, options: Readonly<Record<string, OptionSpec>>): string {
  const flags = Object.entries(options)
    .filter(([flag]) => flag !== 'help')
    .sort(([a], [b]) => (a === 'config' ? -1 : b === 'config' ? 1 : 0))
    .map(([flag, spec]) => `[--${flag}${spec.type === 'string' ? ` ${spec.value ?? 'VALUE'}` : ''}]${spec.multiple === true ? '...' : ''}`);
  return ['mcp-switchboard', name, command.usage, ...flags].filter((part) => part !== undefined && part !== '').join(' ');
}

/** `mcp-switchboard <name> --help`: usage, summary, every flag with its description. */
export function commandHelp(name: string, command: Command, options: Readonly<Record<string, OptionSpec>>): string {
  const rows = Object.entries(options).map(([flag, spec]) => [flagLabel(flag, spec), spec.description ?? ''] as const);
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  const lines = [`Usage: ${synopsis(name, command, options)}`, '', `${command.summary}.`];
  if (command.details !== undefined) lines.push('', command.details.trimEnd());
  lines.push('', 'Options:', ...rows.map(([label, text]) => `  ${label.padEnd(width)}  ${text}`.trimEnd()));
  return `${lines.join('\n')}\n`;
}

/** `mcp-switchboard --help`: every command with every flag it takes. */
export async function overview(version: string, commands: Readonly<Record<string, Command>>): Promise<string> {
  const blocks: string[] = [];
  for (const [name, command] of Object.entries(commands)) {
    blocks.push(`  ${synopsis(name, command, await optionsOf(command))}\n      ${command.summary}`);
  }
  return `mcp-switchboard ${version} — one MCP server that federates many

Usage:
${blocks.join('\n')}

  mcp-switchboard help <command>    that command's flags, each explained (also: <command> --help)
  mcp-switchboard --version         the version (also: version, -v)

--config defaults to $MCP_SWITCHBOARD_CONFIG, else ./servers.yaml.
Logs go to stderr; set MCP_SWITCHBOARD_LOG=debug|info|warn|error (default info).
`;
}
