/**
 * Errors raised by the crypto modules. Each carries a stable `code` so callers can branch on data
 * rather than on message text, and no message ever contains a token, a key or a plaintext: these
 * errors may end up in logs and error pages.
 */

/**
 * A Fernet token could not be decrypted. The message is deliberately the same for every cause
 * (bad encoding, wrong key, tampering, expiry, bad padding): telling an attacker which check
 * failed helps them (padding oracles), and telling an operator does not help them fix anything.
 *
 * @example
 * try { decrypt(key, token); } catch (e) { if (e instanceof InvalidToken) { ... } }
 */
export class InvalidToken extends Error {
  readonly code = 'INVALID_TOKEN';

  constructor() {
    super('Invalid token: it cannot be decrypted with this key');
    this.name = 'InvalidToken';
  }
}

/**
 * An encryption key is malformed. Names the key (its keyring name or config setting) when one is
 * given, never the key material itself.
 *
 * @example
 * new InvalidKey('default').message
 * // 'Encryption key "default" is malformed: it must be 32 bytes of url-safe base64 (44 characters ending in "=")'
 */
export class InvalidKey extends Error {
  readonly code = 'INVALID_KEY';
  /** The name of the malformed key, when known. */
  readonly keyName: string | undefined;

  constructor(keyName?: string) {
    const which =
      keyName === undefined ? 'Encryption key' : `Encryption key ${JSON.stringify(keyName)}`;
    super(
      `${which} is malformed: it must be 32 bytes of url-safe base64 (44 characters ending in "=")`,
    );
    this.name = 'InvalidKey';
    this.keyName = keyName;
  }
}

/**
 * A stored secret names an encryption key that is not in the keyring (for example it was written
 * before a key was retired). Names the key, which is a label, not key material.
 *
 * @example
 * keyring.decrypt(token, 'old-2023'); // throws UnknownKeyName when 'old-2023' is not configured
 */
export class UnknownKeyName extends Error {
  readonly code = 'UNKNOWN_KEY_NAME';
  /** The encryption key name that was asked for. */
  readonly keyName: string;

  constructor(keyName: string) {
    super(`No encryption key named ${JSON.stringify(keyName)} is configured`);
    this.name = 'UnknownKeyName';
    this.keyName = keyName;
  }
}
