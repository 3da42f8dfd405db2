import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compactRestrictions, isTokenRestrictions } from './token-restrictions.js';

describe('isTokenRestrictions', () => {
  it('accepts every well-formed shape', () => {
    assert.equal(isTokenRestrictions({}), true);
    assert.equal(isTokenRestrictions({ a: ['ms', 'vi'] }), true);
    assert.equal(isTokenRestrictions({ d: { data: ['vt'] } }), true);
    assert.equal(isTokenRestrictions({ r: { data: { birds: ['vt'] } } }), true);
  });

  it('rejects non-objects and wrongly typed parts', () => {
    for (const bad of [
      null,
      [],
      'a',
      { a: 'ms' },
      { a: [1] },
      { d: ['vt'] },
      { d: { data: 'vt' } },
      { r: { data: ['vt'] } },
      { r: { data: { birds: [true] } } },
    ]) {
      assert.equal(isTokenRestrictions(bad), false, JSON.stringify(bad));
    }
  });
});

describe('compactRestrictions', () => {
  it('drops empty parts and returns undefined when nothing is left', () => {
    assert.deepEqual(compactRestrictions({ a: [], d: { data: ['vt'] }, r: {} }), {
      d: { data: ['vt'] },
    });
    assert.equal(compactRestrictions({ a: [], d: {}, r: {} }), undefined);
    assert.equal(compactRestrictions(undefined), undefined);
  });

  it('keeps every non-empty part', () => {
    const full = { a: ['ms'], d: { x: ['vd'] }, r: { x: { t: ['vt'] } } };
    assert.deepEqual(compactRestrictions(full), full);
  });
});
