import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../web/errors.js';
import { decodeOffset, decodeToken, encodeToken } from './token.js';

describe('_next tokens', () => {
  it('write integers as themselves, like Datasette', () => {
    assert.equal(encodeToken([500000]), '500000');
    assert.equal(encodeToken(['Smith', 42]), 'Smith,42');
  });

  it('round-trip every SQLite type exactly', () => {
    const values = [
      null,
      0,
      -7,
      2n ** 63n - 1n,
      -(2n ** 63n),
      1.5,
      1e300,
      'plain',
      '42',
      '$null',
      '',
      'a, b + c ~ d/é',
      Buffer.from([0, 255, 10]),
    ];
    for (const value of values) {
      const token = encodeToken([value, 1]);
      assert.doesNotMatch(
        token.split(',')[0] ?? '',
        /[^A-Za-z0-9_~+-]/,
        `${String(value)} is URL-safe`,
      );
      assert.deepEqual(decodeToken(token, 2), [value, 1]);
    }
  });

  it('keep text that looks like a number as text', () => {
    assert.deepEqual(decodeToken(encodeToken(['007', '12']), 2), ['007', '12']);
  });

  it('are refused with a 400 when malformed or of the wrong length', () => {
    for (const [token, count] of [
      ['1,2', 1],
      ['1', 2],
      ['~24x', 1],
      ['~24bzz', 1],
      ['~24f', 1],
      ['99999999999999999999', 1],
    ] as const) {
      assert.throws(
        () => decodeToken(token, count),
        (e: unknown) => e instanceof HttpError && e.status === 400,
      );
    }
  });

  it('offsets are non-negative integers', () => {
    assert.equal(decodeOffset('200'), 200);
    for (const bad of ['-1', '1.5', 'x', '']) assert.throws(() => decodeOffset(bad), HttpError);
  });
});
