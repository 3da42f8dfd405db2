import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSigner } from './signer.js';
import { bearerToken, createApiToken, TOKEN_PREFIX, verifyApiToken } from './tokens.js';

const signer = createSigner('token-secret');
const T0 = 1_700_000_000;
const open = { allowSignedTokens: true, maxTtl: 0, now: T0 };

/** The signed body of a token, read back through the signer. */
function body(token: string): unknown {
  return signer.unsign(token.slice(TOKEN_PREFIX.length), 'token');
}

/** A token over an arbitrary body, for malformed-payload cases. */
function rawToken(value: unknown): string {
  return TOKEN_PREFIX + signer.sign(value, 'token');
}

describe('createApiToken', () => {
  it('writes dstok_ + signed {a, t}', () => {
    const token = createApiToken(signer, 'root', { now: T0 });
    assert.ok(token.startsWith('dstok_'));
    assert.deepEqual(body(token), { a: 'root', t: T0 });
  });

  it('defaults t to the current time in whole seconds', () => {
    const before = Math.floor(Date.now() / 1000);
    const t = (body(createApiToken(signer, 'root')) as { t: number }).t;
    assert.ok(Number.isInteger(t) && t >= before && t <= before + 2);
  });

  it('adds d for a non-zero expiry and leaves it out for 0', () => {
    assert.deepEqual(body(createApiToken(signer, 'u', { now: T0, expiresAfter: 3600 })), {
      a: 'u',
      t: T0,
      d: 3600,
    });
    assert.deepEqual(body(createApiToken(signer, 'u', { now: T0, expiresAfter: 0 })), {
      a: 'u',
      t: T0,
    });
  });

  it('adds _r with only the non-empty restriction parts', () => {
    const restrictions = { a: ['ms'], d: {}, r: { data: { birds: ['vt'] } } };
    assert.deepEqual(body(createApiToken(signer, 'u', { now: T0, restrictions })), {
      a: 'u',
      t: T0,
      _r: { a: ['ms'], r: { data: { birds: ['vt'] } } },
    });
    const empty = createApiToken(signer, 'u', { now: T0, restrictions: { a: [] } });
    assert.deepEqual(body(empty), { a: 'u', t: T0 });
  });

  it('rejects bad arguments', () => {
    assert.throws(() => createApiToken(signer, ''), TypeError);
    assert.throws(() => createApiToken(signer, 'u', { expiresAfter: -1 }), RangeError);
    assert.throws(() => createApiToken(signer, 'u', { expiresAfter: 1.5 }), RangeError);
    assert.throws(
      () => createApiToken(signer, 'u', { restrictions: { a: 'ms' } as never }),
      TypeError,
    );
  });
});

describe('verifyApiToken', () => {
  it('returns the token actor for a valid token without expiry', () => {
    const token = createApiToken(signer, 'root', { now: T0 });
    assert.deepEqual(verifyApiToken(signer, token, { ...open, now: T0 + 10 ** 8 }), {
      ok: true,
      actor: { id: 'root', token: 'dstok' },
    });
  });

  it('refuses every token when signed tokens are disabled', () => {
    const token = createApiToken(signer, 'root', { now: T0 });
    const result = verifyApiToken(signer, token, { ...open, allowSignedTokens: false });
    assert.deepEqual(result, { ok: false, reason: 'signed API tokens are disabled' });
  });

  it('refuses tokens without the prefix, with a bad signature, or from another secret', () => {
    const token = createApiToken(signer, 'root', { now: T0 });
    const reasons = [
      token.slice(TOKEN_PREFIX.length),
      `${token}x`,
      createApiToken(createSigner('other'), 'root', { now: T0 }),
      TOKEN_PREFIX + signer.sign({ a: 'root', t: T0 }, 'actor'),
    ].map((candidate) => verifyApiToken(signer, candidate, open));
    assert.deepEqual(reasons, [
      { ok: false, reason: 'not a signed API token' },
      { ok: false, reason: 'invalid token signature' },
      { ok: false, reason: 'invalid token signature' },
      { ok: false, reason: 'invalid token signature' },
    ]);
  });

  it('refuses malformed bodies: non-integer t or d, missing a, bad _r', () => {
    const bodies = [
      { a: 'u' },
      { a: 'u', t: '1700000000' },
      { a: 'u', t: 1.5 },
      { a: 'u', t: T0, d: '60' },
      { a: 'u', t: T0, d: 1.5 },
      { t: T0 },
      { a: { id: 'u' }, t: T0 },
      { a: 'u', t: T0, _r: { a: 'ms' } },
      { a: 'u', t: T0, _r: null },
      ['u', T0],
    ];
    for (const value of bodies) {
      assert.deepEqual(verifyApiToken(signer, rawToken(value), open), {
        ok: false,
        reason: 'malformed token',
      });
    }
  });

  it('expires a token after t + d, valid through the last second', () => {
    const token = createApiToken(signer, 'u', { now: T0, expiresAfter: 60 });
    assert.deepEqual(verifyApiToken(signer, token, { ...open, now: T0 + 60 }), {
      ok: true,
      actor: { id: 'u', token: 'dstok', token_expires: T0 + 60 },
    });
    assert.deepEqual(verifyApiToken(signer, token, { ...open, now: T0 + 61 }), {
      ok: false,
      reason: 'token has expired',
    });
  });

  it('caps d by a non-zero maxTtl', () => {
    const token = createApiToken(signer, 'u', { now: T0, expiresAfter: 3600 });
    const capped = { ...open, maxTtl: 100 };
    assert.deepEqual(verifyApiToken(signer, token, { ...capped, now: T0 + 100 }), {
      ok: true,
      actor: { id: 'u', token: 'dstok', token_expires: T0 + 100 },
    });
    assert.equal(verifyApiToken(signer, token, { ...capped, now: T0 + 101 }).ok, false);
  });

  it('keeps a d shorter than maxTtl', () => {
    const token = createApiToken(signer, 'u', { now: T0, expiresAfter: 10 });
    const result = verifyApiToken(signer, token, { ...open, maxTtl: 100, now: T0 + 11 });
    assert.deepEqual(result, { ok: false, reason: 'token has expired' });
  });

  it('gives a token without d the maxTtl as its lifetime', () => {
    const token = createApiToken(signer, 'u', { now: T0 });
    const capped = { ...open, maxTtl: 100 };
    const fresh = verifyApiToken(signer, token, { ...capped, now: T0 + 50 });
    assert.deepEqual(fresh, {
      ok: true,
      actor: { id: 'u', token: 'dstok', token_expires: T0 + 100 },
    });
    assert.equal(verifyApiToken(signer, token, { ...capped, now: T0 + 101 }).ok, false);
  });

  it('passes restrictions through as _r', () => {
    const restrictions = { a: ['ms'], d: { data: ['vt'] } };
    const token = createApiToken(signer, 'u', { now: T0, restrictions });
    assert.deepEqual(verifyApiToken(signer, token, open), {
      ok: true,
      actor: { id: 'u', token: 'dstok', _r: restrictions },
    });
  });

  it('accepts a numeric actor id and a null d', () => {
    const result = verifyApiToken(signer, rawToken({ a: 7, t: T0, d: null }), open);
    assert.deepEqual(result, { ok: true, actor: { id: 7, token: 'dstok' } });
  });

  it('never puts the token in the reason', () => {
    const token = `${createApiToken(signer, 'u', { now: T0 })}x`;
    const result = verifyApiToken(signer, token, open);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && !result.reason.includes(token.slice(6, 20)));
  });
});

describe('bearerToken', () => {
  it('returns what follows "Bearer "', () => {
    assert.equal(bearerToken('Bearer dstok_abc'), 'dstok_abc');
    assert.equal(bearerToken('Bearer other-format'), 'other-format');
  });

  it('matches the prefix case-sensitively, like Datasette', () => {
    assert.equal(bearerToken('bearer dstok_abc'), null);
    assert.equal(bearerToken('BEARER dstok_abc'), null);
    assert.equal(bearerToken('Basic dXNlcjpwYXNz'), null);
  });

  it('returns null for a missing header or an empty token', () => {
    assert.equal(bearerToken(null), null);
    assert.equal(bearerToken(''), null);
    assert.equal(bearerToken('Bearer '), null);
    assert.equal(bearerToken('Bearer'), null);
  });
});
