/**
 * The one error type of the config modules. Each error carries a stable `code` so callers (the CLI,
 * tests, docs) can branch on it without parsing messages. Messages are one line that says what is
 * wrong and what to do, and never contain a secret value: config files hold API keys.
 */

/**
 * The codes a {@link ConfigError} can carry, kept as data so docs and tests can list them.
 * @example Object.keys(CONFIG_ERROR_CODES); // ['INVALID_SETTING', …]
 */
export const CONFIG_ERROR_CODES = {
  INVALID_SETTING: 'Unknown setting name',
  INVALID_SETTING_VALUE: 'A setting has the wrong type',
  CONFIG_PARSE: 'The config text is neither JSON nor YAML',
  CONFIG_SHAPE: 'A config section has the wrong shape',
  CONFIG_READ: 'The config file could not be read',
  SUBSTITUTION: 'An $env or $file substitution failed',
} as const;

/**
 * One of {@link CONFIG_ERROR_CODES}' keys.
 * @example if (error.code === ('CONFIG_READ' satisfies ConfigErrorCode)) …
 */
export type ConfigErrorCode = keyof typeof CONFIG_ERROR_CODES;

/**
 * A problem with configuration: a bad file, setting or `-s` pair. The CLI prints `Error: message`
 * and exits 1, like Python's `StartupError`.
 * @example
 * throw new ConfigError('INVALID_SETTING', "Invalid setting 'sql_time_limit' in datasette.yaml");
 */
export class ConfigError extends Error {
  readonly code: ConfigErrorCode;

  constructor(code: ConfigErrorCode, message: string) {
    super(message);
    this.name = 'ConfigError';
    this.code = code;
  }
}
