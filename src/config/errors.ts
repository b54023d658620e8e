/**
 * Config problems, each pinned to a place in the catalog (`file:line:col`) and a key path
 * (`servers.memory.args[1]`). A `ConfigError` carries all of them so a user fixes everything
 * in one pass instead of one error per run.
 *
 * Messages name environment variables, never their values: an interpolated value may be a secret.
 */

/** One problem in a catalog. */
export interface ConfigIssue {
  /** The catalog file as the user named it, when the catalog came from a file. */
  file?: string;
  /** 1-based line of the offending key or item; absent when the text has no such place. */
  line?: number;
  /** 1-based column of the offending key or item. */
  column?: number;
  /** Key path such as `servers.memory.args[1]`; empty for the catalog as a whole. */
  path: string;
  /** What is wrong and, where it helps, how to fix it. */
  message: string;
}

/** A catalog that cannot be used, with every problem found in it. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'INVALID_CONFIG';
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[], options?: ErrorOptions) {
    const list = issues.length > 0 ? issues : [{ path: '', message: 'invalid catalog' }];
    super(headline(list), options);
    this.issues = list;
  }

  /** One line per issue: `servers.example.yaml:12:5 servers.memory.command: command must not be empty`. */
  format(): string {
    return this.issues.map(formatIssue).join('\n');
  }
}

/** `file:line:col path: message`, leaving out whatever the issue does not know. */
function formatIssue(issue: ConfigIssue): string {
  const where = [issue.file, issue.line, issue.line !== undefined ? issue.column : undefined].filter((part) => part !== undefined && part !== '').join(':');
  const head = [where, issue.path].filter((part) => part !== '').join(' ');
  return head === '' ? issue.message : `${head}: ${issue.message}`;
}

function headline(issues: readonly ConfigIssue[]): string {
  const first = issues[0] as ConfigIssue;
  const count = issues.length === 1 ? 'a problem' : `${issues.length} problems`;
  return `catalog${first.file ? ` ${first.file}` : ''} has ${count}:\n${issues.map(formatIssue).join('\n')}`;
}

/**
 * Why a server with unset `${VAR}` references is not started, and how to fix it. Shared by the
 * loader (an entry that cannot be read without them) and the connection (one held back).
 */
export function describeMissingEnv(variables: readonly string[]): string {
  const [first = 'NAME'] = variables;
  const names = variables.join(', ');
  const which = variables.length === 1 ? `environment variable ${names} is` : `environment variables ${names} are`;
  return (
    `${which} not set, so this server is not started: set ${variables.length === 1 ? 'it' : 'them'} where the gateway is launched ` +
    `(the host's "env" block for mcp-switchboard, or the shell), or give a default with \${${first}:-default}`
  );
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** `['servers', 'memory', 'args', 1]` → `servers.memory.args[1]`; odd keys are quoted: `env["A.B"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}
