import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { didYouMean } from '../config/suggest.js';

/** A mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * One flag as a command declares it: what `node:util` parseArgs needs, plus what `--help` prints.
 * parseArgs ignores the extra fields, so the one object both parses and documents the flag.
 */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line for `--help`. */
  description?: string;
  /** The placeholder `--help` shows for a string flag's value, e.g. `MS`. @default `VALUE` */
  value?: string;
};

type Options = Record<string, OptionSpec>;

/** Options every command takes. */
const SHARED = {
  config: { type: 'string', short: 'c', value: 'FILE', description: 'the catalog (default: $MCP_SWITCHBOARD_CONFIG, else ./servers.yaml)' },
  help: { type: 'boolean', short: 'h', description: 'print this help' },
} as const satisfies Options;

/**
 * `--help` after a command: thrown by `parseCommandArgs` before the command does anything, with
 * the flags the command declared, so help always lists the flags the parser accepts.
 */
export class HelpRequest extends Error {
  override readonly name = 'HelpRequest';
  constructor(
    readonly command: string,
    readonly options: Readonly<Options>,
  ) {
    super(`help for ${command}`);
  }
}

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: boolean; strict: true; options: O & typeof SHARED }>>;

/** `node:util` parseArgs with the options every command shares, `--help`, and errors as `UsageError`. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false): Parsed<O> {
  const all = { config: SHARED.config, ...options, help: SHARED.help };
  const end = argv.indexOf('--');
  const flags = end === -1 ? argv : argv.slice(0, end);
  if (flags.includes('--help') || flags.includes('-h')) throw new HelpRequest(command, all);
  try {
    return parseArgs({ args: argv, allowPositionals, strict: true, options: all }) as Parsed<O>;
  } catch (error) {
    throw new UsageError(`${command}: ${explain(error as NodeJS.ErrnoException, all)}`);
  }
}

/** parseArgs' message, with the flag the user most likely meant and where to see them all. */
function explain(error: NodeJS.ErrnoException, options: Options): string {
  const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec(error.message);
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown) {
    const [, dashes, name = ''] = unknown;
    const flag = `${dashes}${name}`;
    const shortName = dashes === '-' && name.length === 1 ? name : undefined;
    const meant = shortName === undefined ? didYouMean(name, Object.keys(options)) : undefined;
    const hint = meant !== undefined ? ` (did you mean --${meant}?)` : '';
    return `unknown option ${flag}${hint}; --help lists every option`;
  }
  if (error.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `${error.message.split('. ')[0] ?? error.message}; --help lists what it takes`;
  return error.message;
}

/** `--port N` as 0–65535 (0: any free port), or undefined when absent. */
export function parsePort(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`${command}: --port expects 0-65535, got "${value}"`);
  return Number(value);
}
