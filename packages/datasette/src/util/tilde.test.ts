import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { tildeDecode, tildeEncode } from './tilde.js';

describe('tildeEncode', () => {
  it('keeps letters, digits, underscore and hyphen', () => {
    assert.equal(tildeEncode('Az09_-'), 'Az09_-');
    assert.equal(tildeEncode(''), '');
  });

  it('encodes dots, slashes and tildes as ~XX with uppercase hex', () => {
    assert.equal(tildeEncode('.'), '~2E');
    assert.equal(tildeEncode('foo/bar.csv'), 'foo~2Fbar~2Ecsv');
    assert.equal(tildeEncode('~'), '~7E');
    assert.equal(tildeEncode('a:b'), 'a~3Ab');
  });

  it('encodes a space as + and a literal + as ~2B', () => {
    assert.equal(tildeEncode('my table'), 'my+table');
    assert.equal(tildeEncode('a+b'), 'a~2Bb');
  });

  it('encodes percent signs so they are never mistaken for percent-encoding', () => {
    assert.equal(tildeEncode('50%'), '50~25');
  });

  it('encodes each UTF-8 byte of non-ASCII characters', () => {
    assert.equal(tildeEncode('é'), '~C3~A9');
    assert.equal(tildeEncode('🐦'), '~F0~9F~90~A6');
    assert.equal(tildeEncode('\n'), '~0A');
  });
});

describe('tildeDecode', () => {
  it('decodes ~XX escapes and + to space', () => {
    assert.equal(tildeDecode('foo~2Fbar~2Ecsv'), 'foo/bar.csv');
    assert.equal(tildeDecode('my+table'), 'my table');
    assert.equal(tildeDecode('~2E'), '.');
  });

  it('accepts lowercase hex', () => {
    assert.equal(tildeDecode('a~2eb'), 'a.b');
  });

  it('decodes multi-byte UTF-8 sequences', () => {
    assert.equal(tildeDecode('~C3~A9t~C3~A9'), 'été');
    assert.equal(tildeDecode('~F0~9F~90~A6'), '🐦');
  });

  it('treats an invalid tilde sequence as literal text', () => {
    assert.equal(tildeDecode('a~zzb'), 'a~zzb');
    assert.equal(tildeDecode('end~'), 'end~');
    assert.equal(tildeDecode('~2'), '~2');
    assert.equal(tildeDecode('~~2E'), '~.');
  });

  it('never decodes percent-encoding', () => {
    assert.equal(tildeDecode('a%2Fb'), 'a%2Fb');
  });

  it('does not turn a decoded ~2B into a space', () => {
    assert.equal(tildeDecode('a~2Bb+c'), 'a+b c');
  });

  it('replaces bytes that are not valid UTF-8 with U+FFFD', () => {
    assert.equal(tildeDecode('~FF'), '\uFFFD');
  });
});

describe('tilde round trips', () => {
  const samples = [
    'simple',
    'with space',
    'dots.and/slashes',
    'tilde~plus+percent%',
    'table.json',
    'ünïcödé 🐦 中文',
    '~2E literally',
    ' leading and trailing ',
    '',
  ];
  for (const sample of samples) {
    it(`round-trips ${JSON.stringify(sample)}`, () => {
      const encoded = tildeEncode(sample);
      assert.match(encoded, /^[A-Za-z0-9_~+-]*$/);
      assert.equal(tildeDecode(encoded), sample);
    });
  }
});
