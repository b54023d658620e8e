import { isIP } from 'node:net';

/**
 * True for `localhost`, `127.0.0.0/8` and `::1` (bracketed or not, any case): addresses only this
 * machine can reach. The one rule for binding without a token, plain-HTTP OAuth endpoints, and
 * the Host and Origin checks.
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare === '::1') return true;
  return isIP(bare) === 4 && bare.startsWith('127.');
}
