import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InvalidKey, InvalidToken } from './errors.js';
import { decrypt, decryptAt, encrypt, encryptAt, generateKey, parseKey } from './fernet.js';

const VECTORS = new URL('../../../../../shared/vectors/fernet/', import.meta.url);
interface Vector {
  token: string;
  now: string;
  secret: string;
  src?: string;
  iv?: number[];
  ttl_sec?: number;
  desc?: string;
}
const load = (file: string): Vector[] => JSON.parse(readFileSync(new URL(file, VECTORS), 'utf8'));
const seconds = (iso: string): number => Date.parse(iso) / 1000;
const KEY_TEXT = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
const invalidTimeVectors = load('invalid.json').filter((v) => /TTL|far-future/.test(v.desc ?? ''));

describe('fernet spec vectors', () => {
  for (const v of load('generate.json')) {
    it(`generate: ${v.src}`, () => {
      const token = encryptAt(
        parseKey(v.secret),
        v.src ?? '',
        Buffer.from(v.iv ?? []),
        seconds(v.now),
      );
      assert.equal(token, v.token);
    });
  }
  for (const v of load('verify.json')) {
    it(`verify: ${v.src}`, () => {
      const plain = decryptAt(parseKey(v.secret), v.token, seconds(v.now), v.ttl_sec);
      assert.equal(plain.toString('utf8'), v.src);
    });
  }
  const invalid = load('invalid.json');
  it('has all 8 invalid vectors', () => assert.equal(invalid.length, 8));
  for (const v of invalid) {
    it(`invalid: ${v.desc}`, () => {
      assert.throws(
        () => decryptAt(parseKey(v.secret), v.token, seconds(v.now), v.ttl_sec),
        InvalidToken,
      );
    });
  }
});

describe('fernet behaviour', () => {
  const key = parseKey(KEY_TEXT);

  it('round-trips ASCII, unicode, CRLF and the empty string', () => {
    for (const text of ['hello', 'pässwörd-🔑', 'line one\r\nline two', '', 'x'.repeat(1000)]) {
      assert.equal(decrypt(key, encrypt(key, text)).toString('utf8'), text);
    }
  });

  it('round-trips bytes, including exact multiples of the block size', () => {
    for (const n of [0, 1, 15, 16, 17, 32]) {
      const bytes = Buffer.alloc(n, 0xab);
      assert.deepEqual(decrypt(key, encrypt(key, bytes)), bytes);
    }
  });

  it('writes padded url-safe tokens starting gAAAAA', () => {
    for (let n = 0; n < 40; n++) {
      const token = encrypt(key, 'a'.repeat(n));
      assert.match(token, /^gAAAAA[A-Za-z0-9_-]+={0,2}$/);
      assert.equal(token.length % 4, 0);
    }
  });

  it('ignores the timestamp without a TTL (stored secrets never expire)', () => {
    const old = encryptAt(key, 'old', Buffer.alloc(16), 0);
    const future = encryptAt(key, 'future', Buffer.alloc(16), 4_000_000_000);
    assert.equal(decrypt(key, old).toString(), 'old');
    assert.equal(decrypt(key, future).toString(), 'future');
  });

  it('rejects a token under the wrong key with a message that reveals nothing', () => {
    const token = encrypt(key, 'sentinel-plaintext');
    assert.throws(
      () => decrypt(parseKey(generateKey()), token),
      (e: unknown) => {
        assert.ok(e instanceof InvalidToken);
        assert.equal(e.code, 'INVALID_TOKEN');
        const text = `${e.message}${e.stack}`;
        assert.ok(!text.includes('sentinel') && !text.includes(token.slice(10, 30)));
        return true;
      },
    );
  });

  it('without a TTL, the far-future and expired vectors decrypt (timestamps unchecked)', () => {
    assert.equal(invalidTimeVectors.length, 2);
    for (const v of invalidTimeVectors) {
      // Both vectors carry an empty plaintext under a valid MAC.
      assert.equal(decryptAt(parseKey(v.secret), v.token, seconds(v.now)).toString(), '');
    }
  });

  it('rejects unpadded tokens, as Python does', () => {
    const token = encrypt(key, 'hello'); // 5 bytes -> 100 chars with two '='
    assert.ok(token.endsWith('=='));
    assert.throws(() => decrypt(key, token.replace(/=+$/, '')), InvalidToken);
  });

  it('rejects the standard base64 alphabet, whitespace and junk', () => {
    const token = encrypt(key, 'hello?>>>');
    const standard = token.replaceAll('-', '+').replaceAll('_', '/');
    if (standard !== token) assert.throws(() => decrypt(key, standard), InvalidToken);
    for (const bad of [` ${token}`, `${token}\n`, '', '====', 'gAAAAA', token.slice(0, -4)]) {
      assert.throws(() => decrypt(key, bad), InvalidToken);
    }
    assert.throws(() => decrypt(key, undefined as unknown as string), InvalidToken);
  });

  it('rejects a token with a flipped bit anywhere', () => {
    const raw = Buffer.from(encrypt(key, 'hello'), 'base64url');
    for (let i = 0; i < raw.length; i++) {
      const copy = Buffer.from(raw);
      copy[i] ^= 1;
      const tampered = copy.toString('base64url').padEnd(Math.ceil(copy.length / 3) * 4, '=');
      assert.throws(() => decrypt(key, tampered), InvalidToken, `byte ${i}`);
    }
  });
});

describe('fernet keys', () => {
  it('generateKey gives 44 url-safe characters ending = that parse', () => {
    for (let i = 0; i < 50; i++) {
      const text = generateKey();
      assert.match(text, /^[A-Za-z0-9_-]{43}=$/);
      assert.equal(Buffer.from(text, 'base64url').length, 32);
      parseKey(text);
    }
  });

  it('parseKey trims surrounding whitespace ($file keys keep their newline)', () => {
    const token = encrypt(parseKey(`  ${KEY_TEXT}\n`), 'x');
    assert.equal(decrypt(parseKey(KEY_TEXT), token).toString(), 'x');
  });

  it('parseKey rejects malformed keys without echoing them', () => {
    const bad = [
      '',
      KEY_TEXT.slice(0, 43), // unpadded
      `${KEY_TEXT.slice(0, 42)}+=`, // standard alphabet
      `${KEY_TEXT}AAAA`, // 35 bytes
      KEY_TEXT.slice(0, 40), // too short
      'not a key at all, just words and spaces!!!=',
      42 as unknown as string,
    ];
    for (const text of bad) {
      assert.throws(
        () => parseKey(text),
        (e: unknown) => {
          assert.ok(e instanceof InvalidKey);
          assert.equal(e.code, 'INVALID_KEY');
          assert.match(e.message, /32 bytes of url-safe base64 \(44 characters/);
          if (typeof text === 'string' && text.length > 8) {
            assert.ok(!e.message.includes(text.slice(0, 20)));
          }
          return true;
        },
      );
    }
  });

  it('a parsed key prints no key material', () => {
    const printed = JSON.stringify(parseKey(KEY_TEXT)) + String(parseKey(KEY_TEXT));
    assert.ok(!printed.includes(KEY_TEXT.slice(0, 10)));
  });
});
