import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FlashMessage, MessageLevel } from '../types.js';
import { decodeMessages, encodeMessages, MESSAGES_COOKIE } from './messages.js';
import { createSigner } from './signer.js';

const signer = createSigner('messages-secret');

describe('MESSAGES_COOKIE', () => {
  it('is the Datasette cookie name', () => {
    assert.equal(MESSAGES_COOKIE, 'ds_messages');
  });
});

describe('encodeMessages / decodeMessages', () => {
  const messages: FlashMessage[] = [
    { text: 'Secret saved', level: MessageLevel.INFO },
    { text: 'You are now logged out', level: MessageLevel.WARNING },
    { text: '<b>bad</b> & "quoted" ✓', level: MessageLevel.ERROR },
  ];

  it('round-trips messages in order', () => {
    assert.deepEqual(decodeMessages(signer, encodeMessages(signer, messages)), messages);
  });

  it("uses Datasette's [[text, level], …] layout", () => {
    assert.deepEqual(signer.unsign(encodeMessages(signer, messages.slice(0, 1)), 'messages'), [
      ['Secret saved', 1],
    ]);
  });

  it('round-trips an empty list', () => {
    assert.deepEqual(decodeMessages(signer, encodeMessages(signer, [])), []);
  });

  it('refuses to encode malformed messages', () => {
    assert.throws(() => encodeMessages(signer, [{ text: 'x', level: 4 as never }]), TypeError);
    assert.throws(() => encodeMessages(signer, [{ text: 5 as never, level: 1 }]), TypeError);
  });

  it('returns [] for tampered, foreign or garbage cookies', () => {
    const value = encodeMessages(signer, messages);
    const tampered = `${value.slice(0, 3)}${value[3] === 'A' ? 'B' : 'A'}${value.slice(4)}`;
    assert.deepEqual(decodeMessages(signer, tampered), []);
    assert.deepEqual(decodeMessages(signer, `${value}A`), []);
    assert.deepEqual(decodeMessages(createSigner('other'), value), []);
    assert.deepEqual(decodeMessages(signer, signer.sign([['hi', 1]], 'actor')), []);
    assert.deepEqual(decodeMessages(signer, ''), []);
    assert.deepEqual(decodeMessages(signer, 'garbage'), []);
  });

  it('returns [] when the signed payload is not a list', () => {
    for (const payload of [{ text: 'x', level: 1 }, 'x', null, 3]) {
      assert.deepEqual(decodeMessages(signer, signer.sign(payload, 'messages')), []);
    }
  });

  it('drops malformed entries and levels outside 1..3, keeping the rest', () => {
    const payload = [
      ['keep', 2],
      ['zero', 0],
      ['four', 4],
      ['float', 1.5],
      ['string level', '1'],
      [42, 1],
      ['no level'],
      'not a pair',
      null,
      ['also kept', 3, 'extra'],
    ];
    assert.deepEqual(decodeMessages(signer, signer.sign(payload, 'messages')), [
      { text: 'keep', level: 2 },
      { text: 'also kept', level: 3 },
    ]);
  });
});
