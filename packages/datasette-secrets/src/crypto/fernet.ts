/**
 * Fernet (https://github.com/fernet/spec) on node:crypto: a deterministic core (`encryptAt`,
 * `decryptAt`, with the IV and clock passed in) behind thin wrappers that supply randomness and the
 * time. Tokens are byte-compatible with Python's `cryptography.fernet`, which wrote the tokens
 * already stored in `datasette_secrets` tables.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { InvalidKey, InvalidToken } from './errors.js';

/**
 * A parsed Fernet key. The halves are held as KeyObjects: they are reused without re-parsing on
 * every call, and printing a FernetKey by accident (a log line, an error dump) shows no key bytes.
 */
export interface FernetKey {
  readonly signing: KeyObject;
  readonly encryption: KeyObject;
}

const VERSION = 0x80;
const HEADER = 1 + 8 + 16; // version, timestamp, IV
const MAC = 32;
/** Header, one AES block of ciphertext (PKCS7 always adds at least one), MAC. */
const MIN_TOKEN_BYTES = HEADER + 16 + MAC;
/** cryptography.fernet's _MAX_CLOCK_SKEW: tokens from further ahead than this fail a TTL check. */
const MAX_CLOCK_SKEW = 60;
/** Padded url-safe base64 only: Python rejects unpadded tokens, so we never accept what it won't. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+={0,2}$/;
const KEY_SHAPE = /^[A-Za-z0-9_-]{43}=$/;

/**
 * Parse a Fernet key: 32 bytes as padded url-safe base64 (44 characters ending in `=`), surrounding
 * whitespace ignored (keys read with `$file` keep their trailing newline). Throws {@link InvalidKey},
 * whose message never contains the key.
 *
 * @example
 * const key = parseKey(generateKey());
 */
export function parseKey(key: string): FernetKey {
  const text = typeof key === 'string' ? key.trim() : '';
  if (!KEY_SHAPE.test(text)) throw new InvalidKey();
  const raw = Buffer.from(text, 'base64url');
  // The shape check already implies 32 bytes; checked again so a regex slip cannot weaken keys.
  if (raw.length !== 32) throw new InvalidKey();
  const parsed = {
    signing: createSecretKey(raw.subarray(0, 16)),
    encryption: createSecretKey(raw.subarray(16, 32)),
  };
  raw.fill(0); // createSecretKey copied the bytes; don't leave a spare copy in the heap
  return Object.freeze(parsed);
}

/**
 * A new random key in the format {@link parseKey} accepts (and Python's `Fernet.generate_key()`
 * produces): 44 characters of url-safe base64 ending in `=`.
 *
 * @example
 * generateKey(); // 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4='
 */
export function generateKey(): string {
  return `${randomBytes(32).toString('base64url')}=`;
}

/** url-safe base64 with the `=` padding Node's 'base64url' encoding leaves off. */
function toPaddedBase64url(bytes: Buffer): string {
  const text = bytes.toString('base64url');
  return text.length % 4 === 0 ? text : text + '='.repeat(4 - (text.length % 4));
}

/**
 * Encrypt with a given IV (16 bytes) and time (Unix seconds). Deterministic, for tests and test
 * vectors; use {@link encrypt} otherwise, since reusing an IV under one key leaks information.
 *
 * @example
 * encryptAt(parseKey(secret), 'hello', Buffer.alloc(16), 499162800); // 'gAAAAAAdwJ6w...'
 */
export function encryptAt(
  key: FernetKey,
  plaintext: Buffer | string,
  iv: Buffer,
  nowSeconds: number,
): string {
  if (iv.length !== 16) throw new RangeError('Fernet IV must be 16 bytes');
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const body = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  const first = cipher.update(body);
  const last = cipher.final();
  const token = Buffer.allocUnsafe(HEADER + first.length + last.length + MAC);
  token[0] = VERSION;
  token.writeBigUInt64BE(BigInt(Math.floor(nowSeconds)), 1);
  iv.copy(token, 9);
  first.copy(token, HEADER);
  last.copy(token, HEADER + first.length);
  const macAt = token.length - MAC;
  createHmac('sha256', key.signing).update(token.subarray(0, macAt)).digest().copy(token, macAt);
  return toPaddedBase64url(token);
}

/** Decode a token strictly: padded url-safe base64 of a plausible length, version 0x80. */
function decodeToken(token: string): Buffer {
  if (typeof token !== 'string' || token.length % 4 !== 0 || !TOKEN_SHAPE.test(token)) {
    throw new InvalidToken();
  }
  const data = Buffer.from(token, 'base64url');
  if (data.length < MIN_TOKEN_BYTES || data[0] !== VERSION) throw new InvalidToken();
  if ((data.length - HEADER - MAC) % 16 !== 0) throw new InvalidToken();
  return data;
}

/**
 * Decrypt a token at a given time (Unix seconds). Without `ttlSeconds` the timestamp is not
 * checked at all (as in Python, where the clock-skew check is part of the TTL check). With it,
 * tokens older than the TTL or more than 60 s in the future fail. Parsing is strict: padded
 * url-safe base64 only. Unpadded tokens, the standard `+/` alphabet and embedded whitespace are
 * rejected (Python rejects unpadded tokens, so nothing we accept can fail there). Every failure is
 * the same {@link InvalidToken}.
 *
 * @example
 * decryptAt(key, token, 499162801, 60).toString(); // 'hello'
 */
export function decryptAt(
  key: FernetKey,
  token: string,
  nowSeconds: number,
  ttlSeconds?: number,
): Buffer {
  const data = decodeToken(token);
  if (ttlSeconds !== undefined) {
    // Two 32-bit reads avoid a BigInt; precision only matters far beyond any real clock.
    const issued = data.readUInt32BE(1) * 2 ** 32 + data.readUInt32BE(5);
    if (issued + ttlSeconds < nowSeconds || nowSeconds + MAX_CLOCK_SKEW < issued) {
      throw new InvalidToken();
    }
  }
  const macAt = data.length - MAC;
  const expected = createHmac('sha256', key.signing).update(data.subarray(0, macAt)).digest();
  // Constant time, so response timing does not reveal how much of a forged MAC was right.
  if (!timingSafeEqual(expected, data.subarray(macAt))) throw new InvalidToken();
  const decipher = createDecipheriv('aes-128-cbc', key.encryption, data.subarray(9, HEADER));
  // Padding is checked by hand: it saves concatenating update() and final() on the hot path, and
  // the MAC is already verified, so how the check fails can no longer act as a padding oracle.
  decipher.setAutoPadding(false);
  const padded = decipher.update(data.subarray(HEADER, macAt));
  return unpad(padded);
}

/** Strip PKCS7 padding (1–16 bytes, each equal to the count); anything else is InvalidToken. */
function unpad(padded: Buffer): Buffer {
  const count = padded[padded.length - 1];
  if (count < 1 || count > 16) throw new InvalidToken();
  for (let i = padded.length - count; i < padded.length; i++) {
    if (padded[i] !== count) throw new InvalidToken();
  }
  return padded.subarray(0, padded.length - count);
}

/**
 * Encrypt with a fresh random IV and the current time; returns a padded token (`gAAAAA…`).
 *
 * @example
 * const token = encrypt(parseKey(keyText), 'sk-live-123');
 */
export function encrypt(key: FernetKey, plaintext: Buffer | string): string {
  return encryptAt(key, plaintext, randomBytes(16), Date.now() / 1000);
}

/**
 * Decrypt a token with no TTL: stored secrets never expire, whenever they were written.
 *
 * @example
 * decrypt(key, token).toString('utf8'); // 'sk-live-123'
 */
export function decrypt(key: FernetKey, token: string): Buffer {
  return decryptAt(key, token, Date.now() / 1000);
}
