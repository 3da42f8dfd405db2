/**
 * The shape of a Datasette config file and its validation. Only the keys core reads are checked;
 * anything else (titles, table options, plugin-specific keys) passes through untouched, as in
 * Python where unknown top-level keys are ignored. Checking allow blocks here turns what was a
 * runtime crash in Python (`allow: admin` has no `.items()`) into a startup error with a path.
 */
import type { JsonValue } from '../types.js';
import { ConfigError } from './errors.js';
import { isPlainObject as isObject, setOwn } from './object.js';
import { type Settings, validateSettings } from './settings.js';

/**
 * An allow block: `true`, `false`, `0`/`1`, `null`, or an object such as `{ id: ['root', 'admin'] }`.
 * @example const block: AllowBlock = { id: 'admin', unauthenticated: false };
 */
export type AllowBlock = boolean | number | null | { [key: string]: JsonValue };

/**
 * Config for one table (or canned query) inside a database.
 * @example const t: TableConfig = { permissions: { 'insert-row': { id: 'admin' } } };
 */
export interface TableConfig {
  plugins?: Record<string, JsonValue>;
  permissions?: Record<string, AllowBlock>;
  allow?: AllowBlock;
}

/**
 * A canned query: the SQL string alone, or an object with `sql` and permission blocks.
 * @example const q: QueryConfig = { sql: 'select 1', allow: { id: 'root' } };
 */
export type QueryConfig = string | (TableConfig & { sql?: string });

/**
 * Config for one database, under `databases.<name>`.
 * @example const d: DatabaseConfig = { allow_sql: { id: 'analyst' }, tables: { birds: { allow: true } } };
 */
export interface DatabaseConfig {
  plugins?: Record<string, JsonValue>;
  permissions?: Record<string, AllowBlock>;
  allow?: AllowBlock;
  allow_sql?: AllowBlock;
  tables?: Record<string, TableConfig>;
  queries?: Record<string, QueryConfig>;
}

/**
 * A validated config. `settings`, when present, is the full merged {@link Settings}.
 * @example const config: Config = validateConfig(loadConfigFile('datasette.yaml'), 'datasette.yaml');
 */
export interface Config {
  settings?: Settings;
  plugins?: Record<string, JsonValue>;
  permissions?: Record<string, AllowBlock>;
  allow?: AllowBlock;
  allow_sql?: AllowBlock;
  databases?: Record<string, DatabaseConfig>;
  extra_css_urls?: JsonValue[];
  extra_js_urls?: JsonValue[];
}

type Obj = Record<string, unknown>;

function shapeError(path: string, source: string, expected: string): ConfigError {
  return new ConfigError('CONFIG_SHAPE', `'${path}' in ${source} must be ${expected}`);
}

/** Checks `obj[key]` is an object (or absent/null) and returns it, or undefined. */
function objectAt(obj: Obj, key: string, path: string, source: string): Obj | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw shapeError(path, source, 'an object of name: value pairs');
  return value;
}

function checkAllow(value: unknown, path: string, source: string): void {
  const ok =
    value === undefined ||
    value === null ||
    value === 0 ||
    value === 1 ||
    typeof value === 'boolean' ||
    isObject(value);
  if (!ok) throw shapeError(path, source, 'true, false or an allow block such as {id: root}');
}

/** Checks the `permissions`, `allow` and `allow_sql` keys of one level. */
function checkPermissionLevel(level: Obj, path: string, source: string, withSql: boolean): void {
  const permissions = objectAt(level, 'permissions', `${path}permissions`, source) ?? {};
  for (const [action, block] of Object.entries(permissions)) {
    checkAllow(block, `${path}permissions.${action}`, source);
  }
  checkAllow(level.allow, `${path}allow`, source);
  if (withSql) checkAllow(level.allow_sql, `${path}allow_sql`, source);
  objectAt(level, 'plugins', `${path}plugins`, source);
}

/**
 * Checks `tables` or `queries` and returns a copy where a `null` entry (a bare `birds:` in YAML)
 * is `{}`, so rule code never meets a null where the type promises an object.
 */
function checkChildren(db: Obj, key: 'tables' | 'queries', path: string, source: string): Obj {
  const children = objectAt(db, key, `${path}${key}`, source) ?? {};
  const result: Obj = {};
  for (const [name, child] of Object.entries(children)) {
    const childPath = `${path}${key}.${name}`;
    if (key === 'queries' && typeof child === 'string') {
      setOwn(result, name, child);
      continue;
    }
    if (child !== null && !isObject(child)) {
      const expected = key === 'queries' ? 'a SQL string or an object' : 'an object';
      throw shapeError(childPath, source, expected);
    }
    checkPermissionLevel(child ?? {}, `${childPath}.`, source, false);
    setOwn(result, name, child ?? {});
  }
  return result;
}

function checkDatabase(db: unknown, name: string, source: string): Obj {
  if (db === null) return {};
  const path = `databases.${name}.`;
  if (!isObject(db)) throw shapeError(`databases.${name}`, source, 'an object');
  checkPermissionLevel(db, path, source, true);
  const result: Obj = { ...db };
  if (db.tables != null) result.tables = checkChildren(db, 'tables', path, source);
  if (db.queries != null) result.queries = checkChildren(db, 'queries', path, source);
  return result;
}

/**
 * Checks a parsed config's shape and validates its `settings` (see {@link validateSettings}).
 * Returns a copy (sharing unchanged branches) in which `null` database, table and query entries
 * are `{}`; unknown keys are kept but not checked.
 * @throws ConfigError naming the dotted path of the first bad section.
 * @example validateConfig({ permissions: { 'manage-secrets': { id: 'admin' } } }, 'datasette.yaml');
 */
export function validateConfig(config: unknown, source: string): Config {
  if (!isObject(config)) throw shapeError('(top level)', source, 'an object');
  const result: Obj = { ...config };
  if (config.settings !== undefined) result.settings = validateSettings(config.settings, source);
  checkPermissionLevel(config, '', source, true);
  const databases = objectAt(config, 'databases', 'databases', source);
  if (databases !== undefined) {
    const checked: Obj = {};
    for (const [name, db] of Object.entries(databases)) {
      setOwn(checked, name, checkDatabase(db, name, source));
    }
    result.databases = checked;
  }
  for (const key of ['extra_css_urls', 'extra_js_urls']) {
    const value = config[key];
    if (value !== undefined && value !== null && !Array.isArray(value)) {
      throw shapeError(key, source, 'a list of URLs');
    }
  }
  return result as Config;
}
