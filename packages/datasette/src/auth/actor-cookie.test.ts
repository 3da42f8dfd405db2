import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base62Encode } from '../util/base62.js';
import { ACTOR_COOKIE, decodeActorCookie, encodeActorCookie } from './actor-cookie.js';
import { createSigner } from './signer.js';

const signer = createSigner('actor-cookie-secret');
const NOW = 1_700_000_000;

describe('ACTOR_COOKIE', () => {
  it('is the Datasette cookie name', () => {
    assert.equal(ACTOR_COOKIE, 'ds_actor');
  });
});

describe('encodeActorCookie / decodeActorCookie', () => {
  it('round-trips an actor without expiry', () => {
    const actor = { id: 'root', name: 'Root', roles: ['admin'] };
    const value = encodeActorCookie(signer, actor);
    assert.deepEqual(signer.unsign(value, 'actor'), { a: actor });
    assert.deepEqual(decodeActorCookie(signer, value, NOW), actor);
  });

  it('stores the expiry as base62 in e', () => {
    const value = encodeActorCookie(signer, { id: 'a' }, { expiresAt: NOW + 60 });
    assert.deepEqual(signer.unsign(value, 'actor'), { a: { id: 'a' }, e: base62Encode(NOW + 60) });
  });

  it('floors a fractional expiry and rejects a negative one', () => {
    const value = encodeActorCookie(signer, { id: 'a' }, { expiresAt: NOW + 0.7 });
    assert.deepEqual(signer.unsign(value, 'actor'), { a: { id: 'a' }, e: base62Encode(NOW) });
    assert.throws(() => encodeActorCookie(signer, { id: 'a' }, { expiresAt: -5 }), RangeError);
  });

  it('refuses a non-object actor', () => {
    assert.throws(() => encodeActorCookie(signer, null as never), TypeError);
    assert.throws(() => encodeActorCookie(signer, 'root' as never), TypeError);
  });

  it('accepts a cookie until its expiry second has passed', () => {
    const value = encodeActorCookie(signer, { id: 'a' }, { expiresAt: NOW });
    assert.deepEqual(decodeActorCookie(signer, value, NOW - 1), { id: 'a' });
    assert.deepEqual(decodeActorCookie(signer, value, NOW), { id: 'a' });
    assert.equal(decodeActorCookie(signer, value, NOW + 0.5), null);
    assert.equal(decodeActorCookie(signer, value, NOW + 86400), null);
  });

  it('returns null for a bad signature, another secret or another namespace', () => {
    const value = encodeActorCookie(signer, { id: 'a' });
    assert.equal(decodeActorCookie(signer, `${value}x`, NOW), null);
    assert.equal(decodeActorCookie(createSigner('other'), value, NOW), null);
    assert.equal(decodeActorCookie(signer, signer.sign({ a: { id: 'a' } }, 'messages'), NOW), null);
    assert.equal(decodeActorCookie(signer, '', NOW), null);
    assert.equal(decodeActorCookie(signer, 'garbage', NOW), null);
  });

  it('returns null when the signed payload is not an object', () => {
    for (const payload of ['root', 42, null, [{ id: 'a' }], true]) {
      assert.equal(decodeActorCookie(signer, signer.sign(payload, 'actor'), NOW), null);
    }
  });

  it('returns null when a is missing or not an object', () => {
    for (const payload of [{}, { e: 'B' }, { a: 'root' }, { a: null }, { a: ['x'] }, { a: 5 }]) {
      assert.equal(decodeActorCookie(signer, signer.sign(payload, 'actor'), NOW), null);
    }
  });

  it('returns null when e is malformed', () => {
    for (const e of [12345, 'not-base62!', '', { x: 1 }]) {
      assert.equal(
        decodeActorCookie(signer, signer.sign({ a: { id: 'a' }, e }, 'actor'), NOW),
        null,
      );
    }
  });

  it('treats a null e as no expiry', () => {
    const value = signer.sign({ a: { id: 'a' }, e: null }, 'actor');
    assert.deepEqual(decodeActorCookie(signer, value, NOW), { id: 'a' });
  });
});
