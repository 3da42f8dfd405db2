/**
 * The store feature's public surface: the `datasette_secrets` table and the SQLite store.
 *
 * @example
 * import { SqliteSecretStore } from './store/index.js';
 * const store = new SqliteSecretStore(datasette.getInternalDatabase());
 */
export { needsTouch, sqliteNow } from './last-used.js';
export {
  CREATE_SECRETS_INDEX_SQL,
  CREATE_SECRETS_TABLE_SQL,
  ensureSchema,
  SECRETS_TABLE,
  secretsTableExists,
} from './schema.js';
export { INSERT_VERSION_SQL, SqliteSecretStore } from './sqlite.js';
export type {
  AsyncSecretStore,
  NewVersion,
  SecretStore,
  SecretSummary,
  SqlDatabase,
  SqlRunResult,
  StoredSecret,
} from './types.js';
