/**
 * The short, stable hash that keeps sanitized, shortened and collision-resolved names and URI
 * prefixes distinct. Pure: same input, same output, on every machine and every run.
 */
import { createHash } from 'node:crypto';

/** RFC 4648 base32 alphabet, lowercased: letters and digits only, so it fits names and URI schemes. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Characters in a {@link shortHash}. */
export const SHORT_HASH_LENGTH = 8;

/**
 * 40 bits of SHA-256 of `input`, as 8 lowercase base32 characters (`[a-z2-7]`).
 * The input is hashed as UTF-16 code units, so every JavaScript string (lone surrogates included)
 * hashes exactly, never through a lossy re-encoding.
 */
export function shortHash(input: string): string {
  const digest = createHash('sha256').update(Buffer.from(input, 'utf16le')).digest();
  // 5 bytes = 40 bits = 8 base32 digits, and 2^40 still fits a double exactly.
  let value = 0;
  for (let i = 0; i < 5; i++) value = value * 256 + (digest[i] ?? 0);
  let out = '';
  for (let i = 0; i < SHORT_HASH_LENGTH; i++) {
    out = ALPHABET.charAt(value % 32) + out;
    value = Math.floor(value / 32);
  }
  return out;
}
