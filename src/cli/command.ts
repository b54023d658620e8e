/** One CLI command: its own options, its own usage line, its own run function. */
export interface Command {
  /** One line for the usage text, e.g. `serve --config FILE   serve over stdio`. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(argv: string[]): Promise<number>;
}

/** The catalog path a command uses when `--config` is not given. */
export function defaultConfigPath(): string {
  return process.env.MCP_SWITCHBOARD_CONFIG ?? 'servers.yaml';
}
