import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { timingSafeEqualString } from './timing-safe.js';

describe('timingSafeEqualString', () => {
  it('is true for identical strings', () => {
    assert.equal(timingSafeEqualString('abc123', 'abc123'), true);
    assert.equal(timingSafeEqualString('', ''), true);
    assert.equal(timingSafeEqualString('héllo ✓', 'héllo ✓'), true);
  });

  it('is false for same-length strings that differ anywhere', () => {
    assert.equal(timingSafeEqualString('abc123', 'abc124'), false);
    assert.equal(timingSafeEqualString('abc123', 'Abc123'), false);
  });

  it('is false (and does not throw) when the lengths differ', () => {
    assert.equal(timingSafeEqualString('abc', 'abcd'), false);
    assert.equal(timingSafeEqualString('', 'x'), false);
    assert.equal(timingSafeEqualString('a'.repeat(1000), 'a'), false);
  });

  it('distinguishes strings whose UTF-8 bytes differ but JS lengths match', () => {
    assert.equal(timingSafeEqualString('é', 'e'), false);
  });

  it('is false for non-string input from untyped callers', () => {
    assert.equal(timingSafeEqualString(null as unknown as string, 'null'), false);
    assert.equal(timingSafeEqualString('1', 1 as unknown as string), false);
  });
});
