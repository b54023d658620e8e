/** One CLI command: what it does, what it takes, and its run function. Its flags are declared where it parses them. */
export interface Command {
  /** What the command does, one line for the help text, e.g. `serve the merged catalog over stdio`. */
  summary: string;
  /** Its positional arguments for the help text, e.g. `<tool> [json-args]`. */
  usage?: string;
  /** More lines for `help <command>`: behaviour worth knowing, an example. */
  details?: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** The catalog path a command uses when `--config` is not given (an empty variable counts as unset). */
export function defaultConfigPath(): string {
  const fromEnv = process.env.MCP_SWITCHBOARD_CONFIG;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : 'servers.yaml';
}
