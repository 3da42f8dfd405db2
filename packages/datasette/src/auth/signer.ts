import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Thrown by {@link Signer.unsign} for every kind of bad token. The message is deliberately the
 * same whatever went wrong and never contains the token, so it is safe to log or show.
 *
 * @example
 * try { signer.unsign(value, 'actor'); } catch (e) { if (e instanceof BadSignature) return null; throw e; }
 */
export class BadSignature extends Error {
  readonly code = 'BAD_SIGNATURE';

  constructor() {
    super('Bad signature');
    this.name = 'BadSignature';
  }
}

/**
 * Signs JSON values into URL- and cookie-safe strings and verifies them again. A namespace
 * (`'actor'`, `'messages'`, `'token'`, …) keeps a value signed for one purpose from being
 * accepted for another. Values are signed, not encrypted: anyone can read them.
 *
 * @example
 * const token = signer.sign({ id: 'root' }, 'actor');
 * signer.unsign(token, 'actor'); // { id: 'root' }
 */
export interface Signer {
  sign(value: unknown, namespace: string): string;
  unsign(token: string, namespace: string): unknown;
}

/**
 * base64url payload, a dot, and exactly 43 base64url characters (32 bytes, unpadded). Checking
 * the whole shape up front rejects junk before any hashing and keeps comparisons to ASCII.
 */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{43}$/;

/** Bounds on the cache of verified tokens (see `verified` in {@link createSigner}). */
const MAX_CACHED_TOKENS = 512;
const MAX_CACHED_TOKEN_LENGTH = 4096;

/** Bound on cached namespace keys, so a caller passing user input as namespace cannot grow memory. */
const MAX_CACHED_KEYS = 64;

/**
 * Creates a {@link Signer} for a secret. The token format is ours (not itsdangerous):
 * `base64url(compact JSON) + '.' + base64url(HMAC-SHA256(key, payload))`, where the key is
 * `HMAC-SHA256(secret, 'datasette-signer:' + namespace)`. Deriving a key per namespace (cached)
 * makes namespaces independent and keeps verification to a single HMAC (a few µs).
 *
 * @example
 * const signer = createSigner(process.env.DATASETTE_SECRET ?? randomBytes(32).toString('hex'));
 * const value = signer.sign({ a: { id: 'root' } }, 'actor');
 */
export function createSigner(secret: string): Signer {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('createSigner: secret must be a non-empty string');
  }
  const keys = new Map<string, Buffer>();

  function keyFor(namespace: string): Buffer {
    let key = keys.get(namespace);
    if (key === undefined) {
      if (typeof namespace !== 'string') {
        throw new TypeError('Signer: namespace must be a string');
      }
      key = createHmac('sha256', secret).update(`datasette-signer:${namespace}`).digest();
      if (keys.size < MAX_CACHED_KEYS) {
        keys.set(namespace, key);
      }
    }
    return key;
  }

  function signature(payload: string, namespace: string): string {
    return createHmac('sha256', keyFor(namespace)).update(payload).digest('base64url');
  }

  /**
   * Tokens that verified recently (namespace + token → payload JSON), so the same login cookie
   * on every request of a session costs a map lookup instead of an HMAC. Only tokens that
   * passed verification are stored, so a forged one is never let through; bounded in count and
   * token length, oldest evicted first.
   */
  const verified = new Map<string, string>();

  /** Checks the signature in constant time; returns the payload's JSON text. */
  function verify(token: string, namespace: string): string {
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) {
      throw new BadSignature();
    }
    const dot = token.lastIndexOf('.');
    const payload = token.slice(0, dot);
    // Both sides are 43 ASCII characters (checked above), so the buffers have equal length and
    // timingSafeEqual cannot throw; the length is public, only the content needs hiding.
    const expected = Buffer.from(signature(payload, namespace), 'latin1');
    if (!timingSafeEqual(expected, Buffer.from(token.slice(dot + 1), 'latin1'))) {
      throw new BadSignature();
    }
    return Buffer.from(payload, 'base64url').toString('utf8');
  }

  return {
    sign(value: unknown, namespace: string): string {
      const json = JSON.stringify(value);
      if (json === undefined) {
        throw new TypeError('Signer.sign: value is not JSON-serialisable');
      }
      const payload = Buffer.from(json, 'utf8').toString('base64url');
      return `${payload}.${signature(payload, namespace)}`;
    },

    unsign(token: string, namespace: string): unknown {
      const cacheKey = `${namespace}\n${token}`;
      let json = verified.get(cacheKey);
      if (json === undefined) {
        json = verify(token, namespace);
        if (token.length <= MAX_CACHED_TOKEN_LENGTH) {
          if (verified.size >= MAX_CACHED_TOKENS) {
            verified.delete(verified.keys().next().value as string);
          }
          verified.set(cacheKey, json);
        }
      }
      try {
        // Parsed afresh on every call, so no caller can change what another one sees.
        return JSON.parse(json);
      } catch {
        throw new BadSignature();
      }
    },
  };
}
