import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCookies, serializeCookie } from './cookies.js';

/** Copies the prototype-less result into a plain object for deepEqual comparisons. */
function parsed(header: string | null | undefined): Record<string, string> {
  return { ...parseCookies(header) };
}

describe('parseCookies', () => {
  it('returns an empty object for a missing or empty header', () => {
    assert.deepEqual(parsed(null), {});
    assert.deepEqual(parsed(undefined), {});
    assert.deepEqual(parsed(''), {});
  });

  it('parses name=value pairs separated by semicolons and trims whitespace', () => {
    assert.deepEqual(parsed('ds_actor=abc.def;  theme = dark ;x=1'), {
      ds_actor: 'abc.def',
      theme: 'dark',
      x: '1',
    });
  });

  it('percent-decodes values and keeps malformed escapes raw', () => {
    assert.deepEqual(parsed('a=hello%20world; b=%E0%A4%A; c=100%'), {
      a: 'hello world',
      b: '%E0%A4%A',
      c: '100%',
    });
  });

  it('keeps everything after the first = in the value', () => {
    assert.deepEqual(parsed('t=a=b=='), { t: 'a=b==' });
  });

  it('strips surrounding double quotes', () => {
    assert.deepEqual(parsed('q="quoted value"'), { q: 'quoted value' });
  });

  it('lets the first occurrence of a name win', () => {
    assert.deepEqual(parsed('ds_actor=first; ds_actor=second'), { ds_actor: 'first' });
  });

  it('tolerates junk: pairs without =, empty names, stray semicolons', () => {
    assert.deepEqual(parsed('junk; =novalue; ;; ok=1; =; flag'), { ok: '1' });
  });

  it('allows empty values', () => {
    assert.deepEqual(parsed('empty=; other=2'), { empty: '', other: '2' });
  });

  it('treats __proto__ as an ordinary cookie name without touching the prototype', () => {
    const result = parseCookies('__proto__=x; constructor=y');
    assert.equal(Object.getPrototypeOf(result), null);
    assert.deepEqual(Object.entries(result), [
      ['__proto__', 'x'],
      ['constructor', 'y'],
    ]);
  });
});

describe('serializeCookie', () => {
  it('defaults to Path=/ and SameSite=Lax', () => {
    assert.equal(serializeCookie('ds_actor', 'abc.def'), 'ds_actor=abc.def; Path=/; SameSite=Lax');
  });

  it('writes every option in a stable order', () => {
    const header = serializeCookie('s', 'v', {
      maxAge: 3600,
      expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)),
      path: '/admin',
      httpOnly: true,
      secure: true,
      sameSite: 'Strict',
    });
    assert.equal(
      header,
      's=v; Max-Age=3600; Expires=Wed, 02 Jan 2030 03:04:05 GMT; Path=/admin; HttpOnly; Secure; SameSite=Strict',
    );
  });

  it('writes Max-Age=0 for deletion and floors fractional seconds', () => {
    assert.equal(
      serializeCookie('ds_actor', '', { maxAge: 0 }),
      'ds_actor=; Max-Age=0; Path=/; SameSite=Lax',
    );
    assert.match(serializeCookie('a', 'b', { maxAge: 9.9 }), /Max-Age=9;/);
  });

  it('percent-encodes values so they survive a parse', () => {
    const header = serializeCookie('msg', 'a b;c=d,é');
    assert.equal(header.split('; ')[0], 'msg=a%20b%3Bc%3Dd%2C%C3%A9');
    assert.deepEqual(parsed(header.split('; ')[0]), { msg: 'a b;c=d,é' });
  });

  it('leaves signed-token characters unchanged', () => {
    assert.equal(serializeCookie('t', 'aZ09-_.x').split('; ')[0], 't=aZ09-_.x');
  });

  it('rejects invalid names, paths and options', () => {
    assert.throws(() => serializeCookie('bad name', 'v'), TypeError);
    assert.throws(() => serializeCookie('a;b', 'v'), TypeError);
    assert.throws(() => serializeCookie('', 'v'), TypeError);
    assert.throws(() => serializeCookie('a', 'v', { path: '/x; Domain=evil' }), TypeError);
    assert.throws(() => serializeCookie('a', 'v', { path: '/x\r\nX-Evil: 1' }), TypeError);
    assert.equal(
      serializeCookie('a', 'v', { path: '/db-1/~2E x' }),
      'a=v; Path=/db-1/~2E x; SameSite=Lax',
    );
    assert.throws(() => serializeCookie('a', 'v', { maxAge: Number.NaN }), TypeError);
    assert.throws(() => serializeCookie('a', 'v', { expires: new Date('nope') }), TypeError);
  });

  it('requires Secure with SameSite=None', () => {
    assert.throws(() => serializeCookie('a', 'v', { sameSite: 'None' }), TypeError);
    assert.equal(
      serializeCookie('a', 'v', { sameSite: 'None', secure: true }),
      'a=v; Path=/; Secure; SameSite=None',
    );
  });
});
