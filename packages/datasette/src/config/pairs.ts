/**
 * `-s/--setting KEY VALUE` pairs turned into a nested config object, following Python's
 * `Setting.convert`, `_handle_pair` and `pairs_to_nested_config`; and the deep merge that lays the
 * result over the config file so the command line wins.
 */
import { isPlainObject, setOwn } from './object.js';
import { coerceSettingValue, isSettingName } from './settings.js';

/** The config file's top-level sections, which `-s` may also set whole (`-s allow '{"id":"root"}'`). */
const TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'settings',
  'plugins',
  'permissions',
  'allow',
  'allow_sql',
  'databases',
  'extra_css_urls',
  'extra_js_urls',
]);

/** `JSON.parse` when the text is JSON, else the raw text: `-s plugins.x.limit 5` gives the number 5. */
function parseValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** `a.b.c` and a value become `{ a: { b: { c: value } } }`; every dot splits, none is escaped. */
function nest(key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.');
  let nested: unknown = value;
  for (let i = parts.length - 1; i >= 0; i--) {
    const level: Record<string, unknown> = {};
    setOwn(level, parts[i], nested);
    nested = level;
  }
  return nested as Record<string, unknown>;
}

/**
 * Recursively merges plain objects, `over` winning. Arrays and other values are replaced, not
 * merged, and neither input is mutated (branches only in `base` are shared, not copied).
 * @example deepMerge({ a: { x: 1, y: 2 } }, { a: { y: 3 } }); // { a: { x: 1, y: 3 } }
 */
export function deepMerge(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    // hasOwn: an inherited member such as `constructor` must not be merged into.
    const existing = Object.hasOwn(result, key) ? result[key] : undefined;
    const merged =
      isPlainObject(value) && isPlainObject(existing) ? deepMerge(existing, value) : value;
    setOwn(result, key, merged);
  }
  return result;
}

/**
 * Builds the nested config for a list of `-s KEY VALUE` pairs. A bare setting name becomes
 * `settings.<name>` and is type-checked (see {@link coerceSettingValue}); any other value is
 * JSON if it parses, else the raw string; later pairs win.
 * @throws ConfigError for a bare setting name whose value has the wrong type.
 * @example
 * settingPairsToConfig([['permissions.manage-secrets.id', 'root']]);
 * // { permissions: { 'manage-secrets': { id: 'root' } } }
 */
export function settingPairsToConfig(pairs: Array<[string, string]>): Record<string, unknown> {
  let config: Record<string, unknown> = {};
  for (const [key, raw] of pairs) {
    // A bare name that is neither a setting nor a config section is a misspelt setting (Python
    // would silently add an unused top-level key): coerceSettingValue rejects it with a hint.
    const bareSetting = isSettingName(key) || (!key.includes('.') && !TOP_LEVEL_KEYS.has(key));
    const pair = bareSetting
      ? nest(`settings.${key}`, coerceSettingValue(key, raw))
      : nest(key, parseValue(raw));
    config = deepMerge(config, pair);
  }
  return config;
}
