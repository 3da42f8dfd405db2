/**
 * Named Fernet keys, ready for rotation: encrypt with the first (primary) key, decrypt with the
 * key a stored row names in its `encryption_key_name` column.
 */
import { InvalidKey, UnknownKeyName } from './errors.js';
import { decrypt, encrypt, type FernetKey, parseKey } from './fernet.js';

/**
 * The name of the single configured key. The Python plugin writes `encryption_key_name =
 * 'default'` on every row, so a lone key must carry this name for its rows to be read back.
 *
 * @example
 * new Keyring([{ name: DEFAULT_KEY_NAME, key }]);
 */
export const DEFAULT_KEY_NAME = 'default';

/**
 * One entry of a keyring: a label (stored beside each token) and the key text.
 *
 * @example
 * const entry: NamedKey = { name: 'default', key: generateKey() };
 */
export interface NamedKey {
  name: string;
  key: string;
}

/**
 * Keyring options.
 *
 * @example
 * new Keyring(entries, { memoSize: 0 }); // always run the full decryption
 */
export interface KeyringOptions {
  /**
   * How many decrypted tokens to remember per key (default 256; 0 turns it off). See
   * {@link Keyring.decrypt}.
   */
  memoSize?: number;
}

/** A parsed key and the plaintexts of tokens it has already opened. */
interface Entry {
  key: FernetKey;
  memo: Map<string, string>;
}

/**
 * Named Fernet keys. The first entry is the primary key, used for every new encryption; the
 * others only decrypt rows written before a rotation. Key material is parsed once here and never
 * kept as text, so neither the keyring nor its errors can print a key.
 *
 * @example
 * const ring = Keyring.single(process.env.KEY ?? '');
 * const { token, keyName } = ring.encrypt('sk-live-123'); // keyName === 'default'
 * ring.decrypt(token, keyName); // 'sk-live-123'
 */
export class Keyring {
  /** The name of the key that new tokens are encrypted with. */
  readonly primaryName: string;
  readonly #primary: FernetKey;
  readonly #keys: Map<string, Entry>;
  readonly #memoSize: number;

  /**
   * Throws {@link InvalidKey} naming the first malformed entry (by name, never by value), and a
   * TypeError for an empty list, an empty name or a repeated name.
   */
  constructor(entries: readonly NamedKey[], options: KeyringOptions = {}) {
    if (entries.length === 0) throw new TypeError('A keyring needs at least one key');
    this.#memoSize = options.memoSize ?? 256;
    this.#keys = new Map();
    for (const { name, key } of entries) {
      if (typeof name !== 'string' || name === '') {
        throw new TypeError('Every encryption key needs a non-empty name');
      }
      if (this.#keys.has(name)) {
        throw new TypeError(`Encryption key name ${JSON.stringify(name)} is used twice`);
      }
      this.#keys.set(name, { key: parseNamed(name, key), memo: new Map() });
    }
    this.primaryName = entries[0].name;
    this.#primary = (this.#keys.get(this.primaryName) as Entry).key;
  }

  /**
   * A keyring holding one key named `'default'`, as the Python plugin uses.
   *
   * @example
   * Keyring.single(generateKey()).primaryName; // 'default'
   */
  static single(key: string, options?: KeyringOptions): Keyring {
    return new Keyring([{ name: DEFAULT_KEY_NAME, key }], options);
  }

  /** The key names, primary first. @example ring.names; // ['2025', '2024'] */
  get names(): string[] {
    return [...this.#keys.keys()];
  }

  /** Whether a key of this name is configured. @example ring.has('default'); // true */
  has(keyName: string): boolean {
    return this.#keys.has(keyName);
  }

  /**
   * Encrypt a UTF-8 string with the primary key; store `keyName` beside the token.
   *
   * @example
   * const { token, keyName } = ring.encrypt('sk-live-123');
   */
  encrypt(plaintext: string): { token: string; keyName: string } {
    return { token: encrypt(this.#primary, plaintext), keyName: this.primaryName };
  }

  /**
   * Decrypt a token with the named key and decode it as UTF-8. Throws {@link UnknownKeyName} when
   * no key has that name and `InvalidToken` when the key does not open the token.
   *
   * Tokens already opened are answered from a small memo: a token is immutable and only ever opens
   * to one plaintext under one key, so the memo cannot go stale, and it takes the HMAC and AES
   * set-up (~6 µs, most of a `getSecret`) off repeated reads. It holds nothing the key itself
   * could not recover, and failures are never remembered.
   *
   * @example
   * ring.decrypt(row.encrypted, row.encryptionKeyName);
   */
  decrypt(token: string, keyName: string): string {
    const entry = this.#keys.get(keyName);
    if (entry === undefined) throw new UnknownKeyName(keyName);
    const known = entry.memo.get(token);
    if (known !== undefined) return known;
    const plaintext = decrypt(entry.key, token).toString('utf8');
    if (this.#memoSize > 0) {
      // Clearing when full keeps this simple; there are rarely more secrets than slots.
      if (entry.memo.size >= this.#memoSize) entry.memo.clear();
      entry.memo.set(token, plaintext);
    }
    return plaintext;
  }
}

/** parseKey, with the error re-raised to name which key was malformed. */
function parseNamed(name: string, key: string): FernetKey {
  try {
    return parseKey(key);
  } catch (e) {
    if (e instanceof InvalidKey) throw new InvalidKey(name);
    throw e;
  }
}
