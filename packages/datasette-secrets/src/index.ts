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
  type SecretsStartupCode,
  SecretsStartupError,
} from './errors.js';
export { getSecret } from './get-secret.js';
/** What a plugin registers; importing it also loads the `registerSecrets` hook declaration. @example const s: Secret = { name: 'API_KEY' }; */
export type { Secret } from './hooks.js';
export { MANAGE_SECRETS, MAX_NOTE_LENGTH } from './pages/common.js';
export {
  ENV_PREFIX,
  EXAMPLE_SECRET,
  registeredSecrets,
  SECRET_NAME_PATTERN,
} from './registry.js';
/** A registered secret with its plugin and derived fields. @example (await registeredSecrets(ds))[0].envVar */
export type { RegisteredSecret } from './state.js';
export { secretsPlugin };

export default secretsPlugin;
