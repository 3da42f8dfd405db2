/**
 * Reading `plugins.datasette-secrets` from the host config: the encryption key (under either
 * spelling) and the database to keep secrets in. Problems stop startup with a message naming the
 * setting; the key itself is never printed.
 */
import type { Database, Datasette } from 'datasette';
import { InvalidKey, Keyring } from './crypto/index.js';
import { SecretsStartupError } from './errors.js';

/**
 * The plugin's name, as used in `plugins:` blocks and messages.
 *
 * @example datasette.pluginConfig(PLUGIN_NAME)
 */
export const PLUGIN_NAME = 'datasette-secrets';

/**
 * The two spellings of the key setting: the README's `encryption_key`, and `encryption-key`,
 * which is what the Python code actually reads. Both work here.
 */
const KEY_SETTINGS = ['encryption_key', 'encryption-key'] as const;
const KNOWN_SETTINGS = new Set<string>([...KEY_SETTINGS, 'database']);

/**
 * The plugin's configuration once validated: a ready keyring and an open database.
 *
 * @example
 * const cfg = readSecretsConfig(datasette).config;
 * if (cfg) cfg.keyring.encrypt('sk-123');
 */
export interface SecretsConfig {
  keyring: Keyring;
  /** Which spelling the key was given under, for messages. */
  keySetting: (typeof KEY_SETTINGS)[number];
  /** Where secrets are stored. */
  database: Database;
  /** `_internal` for the internal database, else the attached database's name. */
  databaseLabel: string;
  /** True when the store is lost on restart (an in-memory internal database). */
  inMemory: boolean;
}

/**
 * What {@link readSecretsConfig} found: `config` is null when the plugin is not configured (no
 * key), which is not an error. `warnings` are for stderr, e.g. a key setting that resolved empty.
 *
 * @example
 * const { config, warnings } = readSecretsConfig(datasette);
 */
export interface ConfigResult {
  config: SecretsConfig | null;
  warnings: string[];
}

/**
 * Read and validate the plugin's config. Throws {@link SecretsStartupError} for a malformed
 * key, conflicting key spellings, a wrong type or an unknown database.
 *
 * @example
 * // plugins: { datasette-secrets: { encryption_key: { $env: KEY }, database: 'secrets' } }
 * readSecretsConfig(datasette).config?.databaseLabel; // 'secrets'
 */
export function readSecretsConfig(datasette: Datasette): ConfigResult {
  const raw = datasette.pluginConfig(PLUGIN_NAME);
  if (raw === undefined || raw === null) return { config: null, warnings: [] };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new SecretsStartupError(
      'CONFIG_NOT_AN_OBJECT',
      `${PLUGIN_NAME}: plugins.${PLUGIN_NAME} must be a mapping of settings (encryption_key, database)`,
    );
  }
  const settings = raw as Record<string, unknown>;
  const warnings = Object.keys(settings)
    .filter((k) => !KNOWN_SETTINGS.has(k))
    .map(
      (k) =>
        `unknown setting plugins.${PLUGIN_NAME}.${k} is ignored (known: encryption_key, database)`,
    );
  const key = pickKey(settings, warnings);
  if (!key) return { config: null, warnings };
  const keyring = buildKeyring(key.value, key.setting);
  const { database, label } = resolveDatabase(datasette, settings.database);
  if (label !== '_internal') {
    // As in the Python plugin the table is then browsable like any other: say so.
    warnings.push(
      `secrets are stored in the datasette_secrets table of the attached database "${label}": anyone allowed to view that database or run SQL against it can read their names, notes and (encrypted) values; omit the database setting to use the hidden internal database`,
    );
  }
  const config = { keyring, keySetting: key.setting, database, databaseLabel: label };
  return { config: { ...config, inMemory: database.isMemory }, warnings };
}

/** The key text and the spelling it came under; undefined when neither spelling has a value. */
function pickKey(
  settings: Record<string, unknown>,
  warnings: string[],
): { value: string; setting: SecretsConfig['keySetting'] } | undefined {
  const found: Array<{ value: string; setting: SecretsConfig['keySetting'] }> = [];
  for (const setting of KEY_SETTINGS) {
    if (!Object.hasOwn(settings, setting)) continue;
    const value = settings[setting];
    if (value !== null && typeof value !== 'string') {
      throw new SecretsStartupError(
        'CONFIG_BAD_VALUE',
        `${PLUGIN_NAME}: plugins.${PLUGIN_NAME}.${setting} must be a string (a key from "datasette secrets generate-encryption-key")`,
      );
    }
    // $file keeps the file's trailing newline; a key never has surrounding whitespace.
    const text = (value ?? '').trim();
    if (text === '') {
      warnings.push(
        `plugins.${PLUGIN_NAME}.${setting} is empty (is its environment variable or file set?): secrets cannot be stored until it is`,
      );
    } else found.push({ value: text, setting });
  }
  if (found.length === 2 && found[0].value !== found[1].value) {
    throw new SecretsStartupError(
      'CONFIG_CONFLICTING_KEYS',
      `${PLUGIN_NAME}: both encryption_key and encryption-key are set, to different values; keep one of them`,
    );
  }
  return found[0];
}

function buildKeyring(value: string, setting: string): Keyring {
  try {
    return Keyring.single(value);
  } catch (e) {
    if (!(e instanceof InvalidKey)) throw e;
    // The message names the setting and the expected format, never the value.
    throw new SecretsStartupError(
      'CONFIG_INVALID_KEY',
      `${PLUGIN_NAME}: plugins.${PLUGIN_NAME}.${setting} is not a valid encryption key: it must be 32 bytes of url-safe base64 (44 characters ending in "="). Generate one with: datasette secrets generate-encryption-key`,
    );
  }
}

/** `database` omitted (or `_internal`) means the internal database, as in the Python plugin. */
function resolveDatabase(
  datasette: Datasette,
  setting: unknown,
): { database: Database; label: string } {
  if (setting === undefined || setting === null || setting === '' || setting === '_internal') {
    return { database: datasette.getInternalDatabase(), label: '_internal' };
  }
  if (typeof setting !== 'string') {
    throw new SecretsStartupError(
      'CONFIG_BAD_VALUE',
      `${PLUGIN_NAME}: plugins.${PLUGIN_NAME}.database must be the name of a database (or _internal)`,
    );
  }
  const database = datasette.databases.get(setting);
  if (!database) {
    const names = [...datasette.databases.keys()];
    const attached = names.length ? names.join(', ') : 'none';
    throw new SecretsStartupError(
      'CONFIG_UNKNOWN_DATABASE',
      `${PLUGIN_NAME}: plugins.${PLUGIN_NAME}.database is ${JSON.stringify(setting)}, which is not an attached database (attached: ${attached}; omit the setting or use _internal for the internal database)`,
    );
  }
  if (database.readOnly) {
    throw new SecretsStartupError(
      'CONFIG_READ_ONLY_DATABASE',
      `${PLUGIN_NAME}: database ${JSON.stringify(setting)} is read-only, so secrets cannot be stored in it`,
    );
  }
  return { database, label: setting };
}
