import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';

/** A mistake on the command line: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** `node:util` parseArgs with the options every command shares and errors as `UsageError`. */
export function parseCommandArgs<O extends Options>(command: string, argv: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals,
      strict: true,
      options: { ...options, config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`);
  }
}
