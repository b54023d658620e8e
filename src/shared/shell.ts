/**
 * `value` as one POSIX shell word, for commands the gateway prints for a user to paste (`login`,
 * `approve`): as is when it holds only safe characters, else in single quotes.
 */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
