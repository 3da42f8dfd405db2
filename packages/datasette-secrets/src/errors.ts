/**
 * The errors this plugin raises, with their codes as data (Fastify style): `docs/secrets.md`
 * documents every code in {@link ERROR_CODES}, and a test fails when the two drift apart.
 *
 * No message here ever contains a secret's value, a token or key material: these errors reach
 * logs, the CLI and (as a bare 500) the browser.
 */
import { StartupError } from 'datasette';

/**
 * Every error code, with a one-line meaning. Startup codes are carried by
 * {@link SecretsStartupError} (`.reason`); the runtime code by {@link SecretDecryptionError}.
 *
 * @example
 * if (err.reason === 'CONFIG_INVALID_KEY') console.error(ERROR_CODES[err.reason]);
 */
export const ERROR_CODES = {
  CONFIG_NOT_AN_OBJECT: 'plugins.datasette-secrets is not a mapping of settings',
  CONFIG_BAD_VALUE: 'a setting has the wrong type (encryption_key and database are strings)',
  CONFIG_CONFLICTING_KEYS: 'encryption_key and encryption-key are both set, to different values',
  CONFIG_INVALID_KEY: 'the encryption key is not 32 bytes of url-safe base64 (a Fernet key)',
  CONFIG_UNKNOWN_DATABASE: 'the database setting names a database that is not attached',
  CONFIG_READ_ONLY_DATABASE: 'the database setting names a database opened read-only',
  REGISTRATION_BAD_RESULT: 'a registerSecrets hook returned something other than a list of secrets',
  REGISTRATION_INVALID_NAME: 'a registered secret name cannot be an environment variable name',
  REGISTRATION_RESERVED_NAME: 'a registered secret name is reserved by datasette-secrets',
  SECRET_DECRYPTION_FAILED: 'a stored secret cannot be decrypted with the configured key',
} as const;

/** One of the {@link ERROR_CODES}. @example const code: SecretsErrorCode = 'CONFIG_INVALID_KEY'; */
export type SecretsErrorCode = keyof typeof ERROR_CODES;

/**
 * The codes a {@link SecretsStartupError} can carry.
 *
 * @example if (err instanceof SecretsStartupError && err.reason === 'CONFIG_UNKNOWN_DATABASE') …
 */
export type SecretsStartupCode = Exclude<SecretsErrorCode, 'SECRET_DECRYPTION_FAILED'>;

/**
 * A configuration or registration problem that stops the server from starting. It is a host
 * `StartupError`, so the CLI prints `Error: <message>` and exits 1; `reason` says which problem.
 *
 * @example
 * throw new SecretsStartupError('CONFIG_INVALID_KEY', 'datasette-secrets: ...');
 */
export class SecretsStartupError extends StartupError {
  /** Which problem, one of {@link ERROR_CODES}. */
  readonly reason: SecretsStartupCode;

  constructor(reason: SecretsStartupCode, message: string) {
    super(message);
    this.name = 'SecretsStartupError';
    this.reason = reason;
  }
}

/**
 * `getSecret()` found a stored secret that the configured key cannot decrypt: the key was
 * changed, or the row names a key that is not configured. Names the secret, never its value, the
 * token or the key. (The Python plugin raised `InvalidToken` with an empty message.)
 *
 * @example
 * try { await getSecret(datasette, 'OPENAI_API_KEY'); }
 * catch (e) { if (e instanceof SecretDecryptionError) console.error(e.message); }
 */
export class SecretDecryptionError extends Error {
  readonly code = 'SECRET_DECRYPTION_FAILED' as const;
  /** The name of the secret that could not be decrypted. */
  readonly secretName: string;
  /** `key-mismatch`: the key does not open the token; `unknown-key-name`: no key of that name. */
  readonly reason: 'key-mismatch' | 'unknown-key-name';

  constructor(secretName: string, reason: 'key-mismatch' | 'unknown-key-name', keyName: string) {
    const why =
      reason === 'key-mismatch'
        ? `the configured encryption key does not match the key it was stored with (key name ${JSON.stringify(keyName)})`
        : `it was stored with an encryption key named ${JSON.stringify(keyName)}, which is not configured`;
    super(`datasette-secrets: secret ${JSON.stringify(secretName)} could not be decrypted: ${why}`);
    this.name = 'SecretDecryptionError';
    this.secretName = secretName;
    this.reason = reason;
  }
}
