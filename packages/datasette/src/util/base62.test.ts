import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE62_ALPHABET, base62Decode, base62Encode } from './base62.js';

describe('base62', () => {
  it('uses the Datasette alphabet A-Z, 0-9, a-z', () => {
    assert.equal(BASE62_ALPHABET.length, 62);
    assert.equal(base62Encode(0), 'A');
    assert.equal(base62Encode(25), 'Z');
    assert.equal(base62Encode(26), '0');
    assert.equal(base62Encode(35), '9');
    assert.equal(base62Encode(36), 'a');
    assert.equal(base62Encode(61), 'z');
    assert.equal(base62Encode(62), 'BA');
  });

  it('matches values computed with Python baseconv.base62', () => {
    // Computed with the alphabet of Python's baseconv.base62 (BaseConverter.convert).
    assert.equal(base62Encode(1700000000), 'BrDBeq');
    assert.equal(base62Decode('BrDBeq'), 1700000000);
  });

  it('round-trips a range of values', () => {
    for (const n of [1, 61, 62, 3843, 3844, 1_000_000, 2_000_000_000, Number.MAX_SAFE_INTEGER]) {
      assert.equal(base62Decode(base62Encode(n)), n);
    }
  });

  it('rejects negative, fractional and unsafe numbers when encoding', () => {
    assert.throws(() => base62Encode(-1), RangeError);
    assert.throws(() => base62Encode(1.5), RangeError);
    assert.throws(() => base62Encode(Number.NaN), RangeError);
    assert.throws(() => base62Encode(2 ** 60), RangeError);
  });

  it('rejects empty strings, foreign characters and overflow when decoding', () => {
    assert.throws(() => base62Decode(''), RangeError);
    assert.throws(() => base62Decode('AB-C'), RangeError);
    assert.throws(() => base62Decode('é'), RangeError);
    assert.throws(() => base62Decode('z'.repeat(20)), RangeError);
  });
});
