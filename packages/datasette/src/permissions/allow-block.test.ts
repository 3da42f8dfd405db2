import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Actor } from '../types.js';
import { actorMatchesAllow } from './allow-block.js';

/** Actors decoded from JSON can carry a null id even though the type says otherwise. */
const nullId = { id: null } as unknown as Actor;

describe('actorMatchesAllow', () => {
  it('true and 1 allow everyone, false and 0 no one', () => {
    for (const actor of [null, { id: 'root' }, {}]) {
      assert.equal(actorMatchesAllow(actor, true), true);
      assert.equal(actorMatchesAllow(actor, 1), true);
      assert.equal(actorMatchesAllow(actor, false), false);
      assert.equal(actorMatchesAllow(actor, 0), false);
    }
  });

  it('no block (undefined or null) allows everyone', () => {
    assert.equal(actorMatchesAllow(null, undefined), true);
    assert.equal(actorMatchesAllow({ id: 'x' }, null), true);
  });

  it('an empty block allows no one', () => {
    assert.equal(actorMatchesAllow({ id: 'root' }, {}), false);
    assert.equal(actorMatchesAllow(null, {}), false);
  });

  it('matches a scalar id exactly', () => {
    assert.equal(actorMatchesAllow({ id: 'root' }, { id: 'root' }), true);
    assert.equal(actorMatchesAllow({ id: 'bob' }, { id: 'root' }), false);
    assert.equal(actorMatchesAllow({ id: 'Root' }, { id: 'root' }), false);
  });

  it('treats scalars as lists and matches any overlap', () => {
    assert.equal(actorMatchesAllow({ id: 'admin' }, { id: ['root', 'admin'] }), true);
    assert.equal(actorMatchesAllow({ id: 'eve' }, { id: ['root', 'admin'] }), false);
    assert.equal(actorMatchesAllow({ roles: ['staff', 'dev'] }, { roles: 'dev' }), true);
    assert.equal(actorMatchesAllow({ roles: ['staff', 'dev'] }, { roles: ['ops', 'staff'] }), true);
    assert.equal(actorMatchesAllow({ roles: ['staff'] }, { roles: ['ops'] }), false);
    assert.equal(actorMatchesAllow({ roles: [] }, { roles: ['ops'] }), false);
  });

  it('ORs the keys', () => {
    const block = { id: 'root', role: 'admin' };
    assert.equal(actorMatchesAllow({ id: 'bob', role: 'admin' }, block), true);
    assert.equal(actorMatchesAllow({ id: 'root', role: 'user' }, block), true);
    assert.equal(actorMatchesAllow({ id: 'bob', role: 'user' }, block), false);
  });

  it('"*" matches any actor that has the key, whatever its value', () => {
    assert.equal(actorMatchesAllow({ id: 'anyone' }, { id: '*' }), true);
    assert.equal(actorMatchesAllow(nullId, { id: '*' }), true);
    assert.equal(actorMatchesAllow({ name: 'x' }, { id: '*' }), false);
    assert.equal(actorMatchesAllow(null, { id: '*' }), false);
  });

  it('"*" inside a list is an ordinary value', () => {
    assert.equal(actorMatchesAllow({ id: 'x' }, { id: ['*'] }), false);
    assert.equal(actorMatchesAllow({ id: '*' }, { id: ['*'] }), true);
  });

  it('lets an anonymous actor through only with unauthenticated: true', () => {
    assert.equal(actorMatchesAllow(null, { unauthenticated: true }), true);
    assert.equal(actorMatchesAllow(null, { unauthenticated: 1 }), false);
    assert.equal(actorMatchesAllow(null, { unauthenticated: false }), false);
    assert.equal(actorMatchesAllow(null, { id: 'root', unauthenticated: true }), true);
    assert.equal(actorMatchesAllow(null, { id: 'root' }), false);
  });

  it('does not let a signed-in actor in through unauthenticated: true', () => {
    assert.equal(actorMatchesAllow({ id: 'bob' }, { unauthenticated: true }), false);
    assert.equal(actorMatchesAllow({ id: 'bob' }, { unauthenticated: true, id: 'bob' }), true);
  });

  it('skips null actor values, even against a null in the block', () => {
    assert.equal(actorMatchesAllow(nullId, { id: null }), false);
    assert.equal(actorMatchesAllow(nullId, { id: [null, 'x'] }), false);
  });

  it('does no type coercion', () => {
    assert.equal(actorMatchesAllow({ id: 1 }, { id: '1' }), false);
    assert.equal(actorMatchesAllow({ id: '1' }, { id: 1 }), false);
    assert.equal(actorMatchesAllow({ id: 1 }, { id: 1 }), true);
    assert.equal(actorMatchesAllow({ admin: true }, { admin: 1 }), false);
    assert.equal(actorMatchesAllow({ admin: true }, { admin: true }), true);
  });

  it('ignores inherited properties of the actor', () => {
    assert.equal(actorMatchesAllow({}, { toString: '*' }), false);
    assert.equal(actorMatchesAllow({}, { constructor: '*' }), false);
  });

  it('fails closed for blocks of the wrong shape', () => {
    assert.equal(actorMatchesAllow({ id: 'root' }, 'root'), false);
    assert.equal(actorMatchesAllow({ id: 'root' }, ['root']), false);
    assert.equal(actorMatchesAllow({ id: 'root' }, 2), false);
  });
});
