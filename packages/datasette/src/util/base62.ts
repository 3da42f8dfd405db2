/**
 * Datasette's base62 (from `datasette/utils/baseconv.py`), used for the `e` expiry in the
 * `ds_actor` cookie. Note the unusual alphabet order: upper case, then digits, then lower case.
 * @example BASE62_ALPHABET[26]; // '0'
 */
export const BASE62_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyz';

/** Digit value of each character code, or -1; a lookup table keeps decoding allocation-free. */
const DIGIT_VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < BASE62_ALPHABET.length; i++) {
    table[BASE62_ALPHABET.charCodeAt(i)] = i;
  }
  return table;
})();

/**
 * Encodes a non-negative safe integer in base62. Zero is `'A'`, as in Python.
 *
 * @example
 * base62Encode(0);  // 'A'
 * base62Encode(62); // 'BA'
 */
export function base62Encode(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new RangeError('base62Encode: expected a non-negative safe integer');
  }
  let rest = n;
  let out = '';
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out;
}

/**
 * Decodes a base62 string produced by {@link base62Encode}. Throws a RangeError for an empty
 * string, a character outside the alphabet, or a value beyond `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * base62Decode('BA'); // 62
 */
export function base62Decode(s: string): number {
  if (typeof s !== 'string' || s.length === 0) {
    throw new RangeError('base62Decode: expected a non-empty string');
  }
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    const digit = code < 128 ? DIGIT_VALUES[code] : -1;
    if (digit < 0) {
      throw new RangeError('base62Decode: invalid character');
    }
    n = n * 62 + digit;
  }
  if (!Number.isSafeInteger(n)) {
    throw new RangeError('base62Decode: value too large');
  }
  return n;
}
