/**
 * `${VAR}` interpolation with shell semantics for defaults:
 *
 * - `${VAR}` is the value of `VAR`; unset is an error (empty is fine, and stays empty).
 * - `${VAR:-default}` is `default` when `VAR` is unset or empty.
 * - `$${` is a literal `${`. A `$` anywhere else is just a `$`.
 *
 * Pure: the environment is a parameter. Problems name variables, never values.
 */

/** What a string became, and what went into it. */
export interface Interpolated {
  /** The string with every reference replaced. */
  value: string;
  /** Names of the variables referenced, in first-use order, without repeats. */
  variables: string[];
  /**
   * Non-empty values substituted from the environment (not defaults, which are in the file
   * for all to read), so a redactor can scrub them from logs and error messages.
   */
  secrets: string[];
}

/** One reference that could not be resolved. */
export interface InterpolationProblem {
  /** The variable at fault, when the reference named one. */
  variable?: string;
  message: string;
}

/** Every unresolvable reference in one string. */
export class InterpolationError extends Error {
  override readonly name = 'InterpolationError';
  constructor(readonly problems: readonly InterpolationProblem[]) {
    super(problems.map((p) => p.message).join('; '));
  }
}

/** The environment shape `process.env` has. */
export type Env = Readonly<Record<string, string | undefined>>;

const REFERENCE = /^([A-Za-z_][A-Za-z0-9_]*)(?::-([\s\S]*))?$/;

/**
 * Interpolate `input`, throwing an `InterpolationError` that lists every problem at once.
 *
 * @example interpolate('Bearer ${TOKEN}', { TOKEN: 'abc' }) // { value: 'Bearer abc', variables: ['TOKEN'], secrets: ['abc'] }
 */
export function interpolate(input: string, env: Env): Interpolated {
  const { problems, ...result } = tryInterpolate(input, env);
  if (problems.length > 0) throw new InterpolationError(problems);
  return result;
}

/**
 * Interpolate `input` without throwing: an unresolvable reference becomes the empty string and
 * is reported in `problems`. The loader uses this to collect every problem in a catalog.
 */
export function tryInterpolate(input: string, env: Env): Interpolated & { problems: InterpolationProblem[] } {
  const variables = new Set<string>();
  const secrets = new Set<string>();
  const problems: InterpolationProblem[] = [];
  let value = '';
  let i = 0;

  while (i < input.length) {
    if (input.startsWith('$${', i)) {
      value += '${';
      i += 3;
      continue;
    }
    if (!input.startsWith('${', i)) {
      value += input[i];
      i += 1;
      continue;
    }
    const close = input.indexOf('}', i + 2);
    if (close === -1) {
      problems.push({ message: 'unterminated "${": close it with "}", or write "$${" for a literal "${"' });
      break;
    }
    const body = input.slice(i + 2, close);
    i = close + 1;
    const match = REFERENCE.exec(body);
    if (!match) {
      problems.push({
        message: `"\${${body}}" is not a variable reference: use \${NAME} or \${NAME:-default} (NAME is letters, digits, _), or "$\${" for a literal "\${"`,
      });
      continue;
    }
    const name = match[1] as string;
    const fallback = match[2];
    variables.add(name);
    const found = env[name];
    if (fallback !== undefined && (found === undefined || found === '')) {
      value += fallback;
    } else if (found === undefined) {
      problems.push({
        variable: name,
        message: `environment variable ${name} is not set: set it, or give a default with \${${name}:-default}`,
      });
    } else {
      value += found;
      if (found !== '') secrets.add(found);
    }
  }
  return { value, variables: [...variables], secrets: [...secrets], problems };
}
