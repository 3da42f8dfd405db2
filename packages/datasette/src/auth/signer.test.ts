import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { BadSignature, createSigner } from './signer.js';

const signer = createSigner('test-secret');

/** Replaces the character at `index` with a different base64url character. */
function flipChar(s: string, index: number): string {
  const replacement = s[index] === 'A' ? 'B' : 'A';
  return s.slice(0, index) + replacement + s.slice(index + 1);
}

/** Builds a token by hand from the documented format, to pin it independently of the code. */
function handMade(secret: string, namespace: string, payloadText: string): string {
  const key = createHmac('sha256', secret).update(`datasette-signer:${namespace}`).digest();
  const payload = Buffer.from(payloadText, 'utf8').toString('base64url');
  return `${payload}.${createHmac('sha256', key).update(payload).digest('base64url')}`;
}

describe('createSigner', () => {
  it('refuses an empty secret', () => {
    assert.throws(() => createSigner(''), TypeError);
  });

  it('round-trips JSON values of every shape', () => {
    const values = [{ a: { id: 'root' } }, [['hi', 1]], 'text', 42, true, null, { u: 'é 🐦' }];
    for (const value of values) {
      assert.deepEqual(signer.unsign(signer.sign(value, 'ns'), 'ns'), value);
    }
  });

  it('produces the documented format: unpadded base64url JSON, a dot, a 43-char HMAC', () => {
    const token = signer.sign({ a: 1 }, 'actor');
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(token, handMade('test-secret', 'actor', '{"a":1}'));
  });

  it('is deterministic (no timestamp or nonce)', () => {
    assert.equal(signer.sign({ x: 1 }, 'ns'), signer.sign({ x: 1 }, 'ns'));
  });

  it('refuses values that JSON cannot represent', () => {
    assert.throws(() => signer.sign(undefined, 'ns'), TypeError);
    assert.throws(() => signer.sign(10n, 'ns'), TypeError);
  });
});

describe('Signer.unsign rejects tampering', () => {
  const token = signer.sign({ a: { id: 'alice' } }, 'actor');
  const dot = token.lastIndexOf('.');

  it('accepts the untouched token (control)', () => {
    assert.deepEqual(signer.unsign(token, 'actor'), { a: { id: 'alice' } });
  });

  it('rejects a changed payload character', () => {
    assert.throws(() => signer.unsign(flipChar(token, 0), 'actor'), BadSignature);
    assert.throws(() => signer.unsign(flipChar(token, dot - 1), 'actor'), BadSignature);
  });

  it('rejects a changed signature character', () => {
    assert.throws(() => signer.unsign(flipChar(token, dot + 1), 'actor'), BadSignature);
    assert.throws(() => signer.unsign(flipChar(token, token.length - 1), 'actor'), BadSignature);
  });

  it('rejects a token signed for another namespace', () => {
    assert.throws(() => signer.unsign(token, 'messages'), BadSignature);
  });

  it('rejects a token signed with another secret', () => {
    assert.throws(() => createSigner('other-secret').unsign(token, 'actor'), BadSignature);
  });

  it('rejects a token without a dot, or with a truncated or extended signature', () => {
    assert.throws(() => signer.unsign(token.replace('.', ''), 'actor'), BadSignature);
    assert.throws(() => signer.unsign(token.slice(0, -1), 'actor'), BadSignature);
    assert.throws(() => signer.unsign(`${token}A`, 'actor'), BadSignature);
  });

  it('rejects garbage and non-string input', () => {
    for (const junk of ['', '.', 'garbage', 'a.b.c', `${'x'.repeat(10)}.${'é'.repeat(43)}`]) {
      assert.throws(() => signer.unsign(junk, 'actor'), BadSignature);
    }
    assert.throws(() => signer.unsign(null as unknown as string, 'actor'), BadSignature);
  });

  it('rejects a correctly signed payload that is not JSON', () => {
    const notJson = handMade('test-secret', 'actor', '{not json');
    assert.throws(() => signer.unsign(notJson, 'actor'), BadSignature);
  });

  it('throws a generic error that never contains the token', () => {
    const bad = flipChar(token, 0);
    assert.throws(
      () => signer.unsign(bad, 'actor'),
      (error: unknown) =>
        error instanceof BadSignature &&
        error.code === 'BAD_SIGNATURE' &&
        error.name === 'BadSignature' &&
        !error.message.includes(bad) &&
        !error.message.includes(bad.slice(0, 10)),
    );
  });
});

describe('Signer.unsign cache of verified tokens', () => {
  it('still rejects tampering after the genuine token was verified, in every namespace', () => {
    const s = createSigner('cache-secret');
    const good = s.sign({ a: { id: 'root' } }, 'actor');
    assert.deepEqual(s.unsign(good, 'actor'), { a: { id: 'root' } });
    assert.deepEqual(s.unsign(good, 'actor'), { a: { id: 'root' } });
    assert.throws(() => s.unsign(flipChar(good, 3), 'actor'), BadSignature);
    assert.throws(() => s.unsign(good, 'messages'), BadSignature);
  });

  it('returns a fresh object on every call', () => {
    const s = createSigner('cache-secret');
    const good = s.sign({ a: { id: 'root' } }, 'actor');
    const first = s.unsign(good, 'actor') as { a: { id: string } };
    first.a.id = 'changed';
    assert.deepEqual(s.unsign(good, 'actor'), { a: { id: 'root' } });
  });

  it('keeps working past its size bound', () => {
    const s = createSigner('cache-secret');
    const tokens = Array.from({ length: 1200 }, (_, i) => s.sign(i, 'n'));
    for (const t of tokens) s.unsign(t, 'n');
    for (const [i, t] of tokens.entries()) assert.equal(s.unsign(t, 'n'), i);
  });
});
