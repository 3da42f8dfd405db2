import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inspect } from 'node:util';
import { InvalidKey, InvalidToken, UnknownKeyName } from './errors.js';
import { generateKey } from './fernet.js';
import { DEFAULT_KEY_NAME, Keyring } from './keyring.js';

describe('Keyring', () => {
  const older = generateKey();
  const newer = generateKey();

  it('single() names its key "default", as the Python plugin does', () => {
    const ring = Keyring.single(newer);
    assert.equal(ring.primaryName, DEFAULT_KEY_NAME);
    assert.equal(DEFAULT_KEY_NAME, 'default');
    const { token, keyName } = ring.encrypt('pässwörd-🔑');
    assert.equal(keyName, 'default');
    assert.equal(ring.decrypt(token, keyName), 'pässwörd-🔑');
  });

  it('encrypts with the first key and decrypts with any named key (rotation)', () => {
    const before = new Keyring([{ name: 'k1', key: older }]).encrypt('old secret');
    const ring = new Keyring([
      { name: 'k2', key: newer },
      { name: 'k1', key: older },
    ]);
    assert.equal(ring.primaryName, 'k2');
    assert.deepEqual(ring.names, ['k2', 'k1']);
    assert.ok(ring.has('k1') && !ring.has('k3'));
    assert.equal(ring.decrypt(before.token, 'k1'), 'old secret');
    const after = ring.encrypt('new secret');
    assert.equal(after.keyName, 'k2');
    assert.equal(ring.decrypt(after.token, 'k2'), 'new secret');
  });

  it('an unknown key name is a typed error naming the key name', () => {
    const ring = Keyring.single(newer);
    const { token } = ring.encrypt('x');
    assert.throws(
      () => ring.decrypt(token, 'retired'),
      (e: unknown) =>
        e instanceof UnknownKeyName && e.code === 'UNKNOWN_KEY_NAME' && /"retired"/.test(e.message),
    );
  });

  it('the wrong key is InvalidToken', () => {
    const token = Keyring.single(older).encrypt('x').token;
    assert.throws(() => Keyring.single(newer).decrypt(token, 'default'), InvalidToken);
  });

  it('reports which named key is malformed, never the key itself', () => {
    const badKey = 'this-is-not-a-valid-fernet-key-at-all';
    assert.throws(
      () =>
        new Keyring([
          { name: 'good', key: newer },
          { name: 'broken', key: badKey },
        ]),
      (e: unknown) => {
        assert.ok(e instanceof InvalidKey);
        assert.equal(e.keyName, 'broken');
        assert.match(e.message, /"broken"/);
        assert.ok(!e.message.includes(badKey) && !e.message.includes(newer));
        return true;
      },
    );
  });

  it('rejects an empty ring, empty names and duplicate names', () => {
    assert.throws(() => new Keyring([]), TypeError);
    assert.throws(() => new Keyring([{ name: '', key: newer }]), TypeError);
    assert.throws(
      () =>
        new Keyring([
          { name: 'a', key: newer },
          { name: 'a', key: older },
        ]),
      /used twice/,
    );
  });

  it('remembers opened tokens per key, never across keys, never failures', () => {
    const ring = new Keyring(
      [
        { name: 'a', key: newer },
        { name: 'b', key: older },
      ],
      { memoSize: 2 },
    );
    const tokens = ['one', 'two', 'three'].map((v) => ring.encrypt(v).token);
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(
        tokens.map((t) => ring.decrypt(t, 'a')),
        ['one', 'two', 'three'],
      );
    }
    // Opened under 'a' (and memoised there), the token must still fail under 'b'.
    assert.throws(() => ring.decrypt(tokens[0], 'b'), InvalidToken);
    assert.throws(() => ring.decrypt(tokens[0], 'b'), InvalidToken);
    const off = Keyring.single(newer, { memoSize: 0 });
    assert.equal(off.decrypt(tokens[1], 'default'), 'two');
    assert.equal(off.decrypt(tokens[1], 'default'), 'two');
  });

  it('prints no key material', () => {
    const ring = new Keyring([{ name: 'default', key: newer }]);
    const printed = `${JSON.stringify(ring)}${String(ring)}${inspect(ring, { showHidden: true })}`;
    assert.ok(!printed.includes(newer.slice(0, 12)));
  });
});
