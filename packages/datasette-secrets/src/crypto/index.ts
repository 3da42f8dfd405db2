/**
 * The crypto feature's public surface: Fernet tokens compatible with Python's
 * `cryptography.fernet`, and a keyring of named keys.
 *
 * @example
 * import { Keyring, generateKey } from './crypto/index.js';
 * const ring = Keyring.single(generateKey());
 */
export { InvalidKey, InvalidToken, UnknownKeyName } from './errors.js';
export {
  decrypt,
  decryptAt,
  encrypt,
  encryptAt,
  type FernetKey,
  generateKey,
  parseKey,
} from './fernet.js';
export { DEFAULT_KEY_NAME, Keyring, type KeyringOptions, type NamedKey } from './keyring.js';
