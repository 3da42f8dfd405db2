/**
 * The `_next` pagination token: the key of the last row shown, so the next page starts after it.
 *
 * Format: the values joined by `,`, each tilde-encoded (so a `,` inside a value is `~2C`), each
 * written so that its SQLite type survives the round trip:
 *
 * | value            | written as                  |
 * |------------------|-----------------------------|
 * | integer          | `42`, `-7`                  |
 * | NULL             | `$null`                     |
 * | float            | `$f1.5`                     |
 * | text             | as is (`$s` + text when it looks like an integer or starts with `$`) |
 * | BLOB             | `$b` + hex                  |
 *
 * So a table keyed by rowid has tokens like `_next=500000`, and a page sorted by name
 * `_next=Smith,42` (sort value, then the tie-breaking key).
 */
import { tildeDecode, tildeEncode } from '../util/tilde.js';
import { BadRequest } from '../web/errors.js';

const INTEGER = /^-?(0|[1-9]\d*)$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function encodeValue(value: unknown): string {
  if (value === null || value === undefined) return '$null';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    return Number.isSafeInteger(value) ? String(value) : `$f${String(value)}`;
  }
  if (value instanceof Uint8Array) return `$b${Buffer.from(value).toString('hex')}`;
  const text = String(value);
  return INTEGER.test(text) || text.startsWith('$') ? `$s${text}` : text;
}

/**
 * Encodes a row key as a `_next` token.
 * @example encodeToken([500000]) // '500000'
 * @example encodeToken(['Smith, J', 42]) // 'Smith~2C+J,42'
 */
export function encodeToken(values: readonly unknown[]): string {
  return values.map((value) => tildeEncode(encodeValue(value))).join(',');
}

function invalid(): BadRequest {
  return new BadRequest('Invalid _next token: use the "next" value of the previous page');
}

function decodeValue(part: string): unknown {
  if (INTEGER.test(part)) {
    const big = BigInt(part);
    if (big < INT64_MIN || big > INT64_MAX) throw invalid();
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : big;
  }
  if (!part.startsWith('$')) return part;
  if (part === '$null') return null;
  const body = part.slice(2);
  switch (part.slice(0, 2)) {
    case '$s':
      return body;
    case '$f': {
      const n = Number(body);
      if (body === '' || Number.isNaN(n)) throw invalid();
      return n;
    }
    case '$b':
      if (!HEX.test(body)) throw invalid();
      return Buffer.from(body, 'hex');
    default:
      throw invalid();
  }
}

/**
 * Decodes a `_next` token holding exactly `count` values; a 400 for anything else.
 * @example decodeToken('Smith~2C+J,42', 2) // ['Smith, J', 42]
 */
export function decodeToken(token: string, count: number): unknown[] {
  const parts = token.split(',');
  if (parts.length !== count) throw invalid();
  return parts.map((part) => decodeValue(tildeDecode(part)));
}

/**
 * Decodes an offset token (views and tables without a usable key page by offset).
 * @example decodeOffset('200') // 200
 */
export function decodeOffset(token: string): number {
  const n = Number(token);
  if (!/^\d+$/.test(token) || !Number.isSafeInteger(n)) throw invalid();
  return n;
}
