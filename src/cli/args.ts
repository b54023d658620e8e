import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
const SHARED = {
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: boolean; strict: true; options: O & typeof SHARED }>>;

/** `node:util` parseArgs with the options every command shares and errors as `UsageError`. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false): Parsed<O> {
  try {
    return parseArgs({ args: argv, allowPositionals, strict: true, options: { ...options, ...SHARED } });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}

/** `--port N` as 0–65535 (0: any free port), or undefined when absent. */
export function parsePort(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`${command}: --port expects 0-65535, got "${value}"`);
  return Number(value);
}
