import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRootToken, RootLogin } from './root-token.js';

describe('createRootToken', () => {
  it('returns 64 lowercase hex characters', () => {
    assert.match(createRootToken(), /^[0-9a-f]{64}$/);
  });

  it('returns a different token each time', () => {
    const tokens = new Set(Array.from({ length: 20 }, createRootToken));
    assert.equal(tokens.size, 20);
  });
});

describe('RootLogin', () => {
  it('accepts the right token once, then answers used even for the right token', () => {
    const token = createRootToken();
    const login = new RootLogin(token);
    assert.equal(login.used, false);
    assert.equal(login.check(token), 'ok');
    assert.equal(login.used, true);
    assert.equal(login.check(token), 'used');
    assert.equal(login.check(token), 'used');
  });

  it('answers invalid for wrong, missing or near-miss tokens before use', () => {
    const token = createRootToken();
    const login = new RootLogin(token);
    const nearMiss = token.slice(0, -1) + (token.endsWith('0') ? '1' : '0');
    for (const candidate of ['', 'wrong', nearMiss, token.toUpperCase(), `${token} `, null]) {
      assert.equal(login.check(candidate), 'invalid', String(candidate));
    }
    assert.equal(login.used, false);
    assert.equal(login.check(token), 'ok');
  });

  it('answers used for wrong tokens after use', () => {
    const token = createRootToken();
    const login = new RootLogin(token);
    login.check(token);
    assert.equal(login.check('wrong'), 'used');
    assert.equal(login.check(null), 'used');
  });

  it('keeps state per instance', () => {
    const first = new RootLogin('aaaa');
    const second = new RootLogin('aaaa');
    assert.equal(first.check('aaaa'), 'ok');
    assert.equal(second.check('aaaa'), 'ok');
  });

  it('refuses an empty token, which would make every empty candidate valid', () => {
    assert.throws(() => new RootLogin(''), TypeError);
  });
});
