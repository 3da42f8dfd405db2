import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * SHA-256 of a string as a 32-byte buffer. Hashing first gives both sides the same length, so
 * `timingSafeEqual` never throws and the comparison time does not depend on where (or whether)
 * the inputs differ, nor on how long the secret is.
 */
function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/**
 * Compares two strings in time that does not reveal how much of them matches. Use it for every
 * comparison against a secret (root tokens, passwords, API keys).
 *
 * Strings of different lengths compare as unequal without throwing; the lengths themselves are
 * not hidden from someone timing very precisely, which is acceptable for random tokens.
 *
 * @example
 * timingSafeEqualString(candidate, rootToken); // true only for the exact token
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') {
    return false;
  }
  // Equal SHA-256 digests imply equal strings (collision resistance), so no second check is needed.
  return timingSafeEqual(digest(a), digest(b));
}
