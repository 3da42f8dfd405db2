/**
 * datasette-secrets: secrets such as API keys for other Datasette plugins, from environment
 * variables or stored encrypted in SQLite and managed in the browser.
 *
 * @example
 * import secretsPlugin, { getSecret, type Secret } from 'datasette-secrets';
 */
import { secretsPlugin } from './plugin.js';

export { generateEncryptionKey } from './cli.js';
export { InvalidKey, InvalidToken } from './crypto/index.js';
export {
  ERROR_CODES,
  SecretDecryptionError,
  type SecretsErrorCode,
  SecretsStartupError,
  type SecretsStartupCode,
} from './errors.js';
export { getSecret } from './get-secret.js';
export type { Secret } from './hooks.js';
export { MANAGE_SECRETS, MAX_NOTE_LENGTH } from './pages/common.js';
export {
  ENV_PREFIX,
  EXAMPLE_SECRET,
  registeredSecrets,
  SECRET_NAME_PATTERN,
} from './registry.js';
export type { RegisteredSecret } from './state.js';
export { secretsPlugin };

export default secretsPlugin;
