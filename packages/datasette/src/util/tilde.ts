/**
 * Datasette's tilde encoding for database, table and row names in URL paths. Percent-encoding
 * is unusable there because proxies and frameworks decode `%2F` before routing; `~` survives.
 */

/** Strings made only of these characters encode to themselves (the common case). */
const SAFE_ONLY = /^[A-Za-z0-9_-]*$/;

/** Encoded form of every byte value, built once so encoding is a table lookup per byte. */
const BYTE_TABLE: string[] = Array.from({ length: 256 }, (_, byte) => {
  const ch = String.fromCharCode(byte);
  if (/^[A-Za-z0-9_-]$/.test(ch)) {
    return ch;
  }
  if (byte === 0x20) {
    return '+';
  }
  return `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
});

/** A run of valid `~XX` escapes (decoded together so multi-byte UTF-8 stays intact), or a `+`. */
const ENCODED = /(?:~[0-9A-Fa-f]{2})+|\+/g;

/**
 * Tilde-encodes a string: `A-Z a-z 0-9 _ -` are kept, a space becomes `+`, and every other byte
 * of the UTF-8 encoding becomes `~XX` with uppercase hex. Unlike percent-encoding, `.` and `~`
 * are encoded too, so `table.json` can never be confused with a table called `table.json`.
 *
 * @example
 * tildeEncode('foo/bar.csv'); // 'foo~2Fbar~2Ecsv'
 * tildeEncode('my table');    // 'my+table'
 */
export function tildeEncode(s: string): string {
  if (SAFE_ONLY.test(s)) {
    return s;
  }
  const bytes = Buffer.from(s, 'utf8');
  let out = '';
  for (const byte of bytes) {
    out += BYTE_TABLE[byte];
  }
  return out;
}

/**
 * Reverses {@link tildeEncode}: `~XX` becomes that byte and `+` a space. A `~` not followed by
 * two hex digits is kept literally, and bytes that are not valid UTF-8 become U+FFFD, as in
 * Python's `unquote_plus`. Percent signs are never decoded.
 *
 * @example
 * tildeDecode('foo~2Fbar~2Ecsv'); // 'foo/bar.csv'
 * tildeDecode('my+table');        // 'my table'
 */
export function tildeDecode(s: string): string {
  if (!s.includes('~') && !s.includes('+')) {
    return s;
  }
  return s.replace(ENCODED, (match) => {
    if (match === '+') {
      return ' ';
    }
    // Strip the tildes and decode the whole run as one byte sequence.
    return Buffer.from(match.replaceAll('~', ''), 'hex').toString('utf8');
  });
}
