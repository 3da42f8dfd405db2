/**
 * Datasette settings: the defaults, validation of a config file's `settings:` block, and coercion
 * of `-s name value` for a bare setting name. Types follow the defaults, as in Python's
 * `DEFAULT_SETTINGS` check, but stricter: Python lets `true` pass as an integer because `bool`
 * subclasses `int`; here a boolean is never a number.
 */

import { didYouMean } from '../util/suggest.js';
import { ConfigError } from './errors.js';

/**
 * Every known setting with its default (Python's `SETTINGS` in `app.py`). Frozen so no caller can
 * change the defaults for everyone.
 * @example DEFAULT_SETTINGS.sql_time_limit_ms; // 1000
 */
export const DEFAULT_SETTINGS = Object.freeze({
  default_page_size: 100,
  max_returned_rows: 1000,
  sql_time_limit_ms: 1000,
  num_sql_threads: 3,
  max_post_body_bytes: 2097152,
  allow_signed_tokens: true,
  max_signed_tokens_ttl: 0,
  default_allow_sql: true,
  allow_download: true,
  force_https_urls: false,
  template_debug: false,
  base_url: '/',
  facet_time_limit_ms: 200,
  allow_facet: true,
  suggest_facets: true,
  default_facet_size: 30,
  default_cache_ttl: 5,
  cache_size_kb: 0,
  allow_csv_stream: true,
  max_csv_mb: 100,
  truncate_cells_html: 2048,
  trace_debug: false,
});

/**
 * The full, validated settings of an instance: one number, boolean or string per known setting.
 * @example const s: Settings = validateSettings({ base_url: '/db/' }, 'datasette.yaml');
 */
export type Settings = {
  -readonly [K in keyof typeof DEFAULT_SETTINGS]: (typeof DEFAULT_SETTINGS)[K];
};

/**
 * A setting's name.
 * @example const name: SettingName = 'sql_time_limit_ms';
 */
export type SettingName = keyof Settings;

type SettingKind = 'integer' | 'boolean' | 'string';

const EXPECTED: Record<SettingKind, string> = {
  integer: 'a non-negative integer',
  boolean: 'true or false',
  string: 'a string',
};

/**
 * True when `name` is a known setting.
 * @example isSettingName('base_url'); // true
 */
export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(DEFAULT_SETTINGS, name);
}

function kindOf(name: SettingName): SettingKind {
  const type = typeof DEFAULT_SETTINGS[name];
  return type === 'number' ? 'integer' : type === 'boolean' ? 'boolean' : 'string';
}

function matchesKind(value: unknown, kind: SettingKind): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value) && (value as number) >= 0;
  return typeof value === kind;
}

/** What the bad value is, never the value itself. */
function describe(value: unknown, kind: SettingKind): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && kind === 'integer') {
    return Number.isInteger(value) ? 'a negative number' : 'a decimal';
  }
  return `a ${typeof value}`;
}

function unknownSetting(name: string, source: string): ConfigError {
  const hint = didYouMean(name, Object.keys(DEFAULT_SETTINGS));
  return new ConfigError('INVALID_SETTING', `Invalid setting '${name}' in ${source}${hint}`);
}

/**
 * Merges a `settings:` block over the defaults. A `null` value keeps the default, as in Python.
 * @throws ConfigError `INVALID_SETTING` for an unknown name, `INVALID_SETTING_VALUE` for a wrong type.
 * @example
 * validateSettings({ sql_time_limit_ms: 5000 }, 'datasette.yaml').sql_time_limit_ms; // 5000
 */
export function validateSettings(obj: unknown, source: string): Settings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (obj === null || obj === undefined) return settings;
  if (typeof obj !== 'object' || Array.isArray(obj)) {
    throw new ConfigError(
      'CONFIG_SHAPE',
      `'settings' in ${source} must be an object of name: value`,
    );
  }
  for (const [name, value] of Object.entries(obj)) {
    if (!isSettingName(name)) throw unknownSetting(name, source);
    if (value === null) continue;
    const kind = kindOf(name);
    if (!matchesKind(value, kind)) {
      const message = `Setting '${name}' in ${source} must be ${EXPECTED[kind]}, not ${describe(value, kind)}`;
      throw new ConfigError('INVALID_SETTING_VALUE', message);
    }
    (settings as Record<string, unknown>)[name] = value;
  }
  return settings;
}

const TRUE_WORDS = new Set(['on', 'true', '1']);
const FALSE_WORDS = new Set(['off', 'false', '0']);

/**
 * Converts the value of `-s name value` for a bare setting name (Python's `Setting.convert`).
 * Unlike Python, string settings keep the raw text: there `-s base_url 123` became the number 123
 * through `json.loads` and then failed its own type check.
 * @throws ConfigError when the name is unknown or the text does not fit the setting's type.
 * @example coerceSettingValue('allow_download', 'off'); // false
 */
export function coerceSettingValue(name: string, raw: string): number | boolean | string {
  if (!isSettingName(name)) throw unknownSetting(name, '-s/--setting');
  const kind = kindOf(name);
  if (kind === 'boolean') {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
    throw new ConfigError('INVALID_SETTING_VALUE', `"${name}" should be on/off/true/false/1/0`);
  }
  if (kind === 'integer') {
    const value = /^[0-9]+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isSafeInteger(value)) {
      throw new ConfigError(
        'INVALID_SETTING_VALUE',
        `"${name}" should be an integer (digits only)`,
      );
    }
    return value;
  }
  return raw;
}
