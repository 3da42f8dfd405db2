/**
 * The `datasette_secrets` table, exactly as the Python plugin creates it, so that a database
 * written by either implementation is read by the other unchanged.
 */
import type { SqlDatabase } from './types.js';

/**
 * The table name (the Python plugin's, kept for compatibility).
 *
 * @example
 * db.all(`select name from ${SECRETS_TABLE}`);
 */
export const SECRETS_TABLE = 'datasette_secrets';

/**
 * The table definition, column for column the same as the Python plugin's (same order, same
 * declared types), so `select *` and `pragma table_info` agree between the two.
 *
 * @example
 * db.exec(CREATE_SECRETS_TABLE_SQL);
 */
export const CREATE_SECRETS_TABLE_SQL = `create table if not exists ${SECRETS_TABLE} (
    id integer primary key,
    name text not null,
    note text,
    version integer not null default 1,
    encrypted blob,
    encryption_key_name text not null,
    created_at text,
    created_by text,
    updated_at text,
    updated_by text,
    deleted_at text,
    deleted_by text,
    last_used_at text,
    last_used_by text
)`;

/**
 * An index for "latest version of a name" (and for max(version) in inserts). The Python plugin
 * has none; adding one is invisible to it and turns each lookup into an index seek.
 *
 * @example
 * db.exec(CREATE_SECRETS_INDEX_SQL);
 */
export const CREATE_SECRETS_INDEX_SQL = `create index if not exists datasette_secrets_name_version on ${SECRETS_TABLE} (name, version)`;

/**
 * Create the table and index when missing; safe to call on every startup and on a database the
 * Python plugin already created (its table is left as it is, the index is added).
 *
 * @example
 * ensureSchema(datasette.getInternalDatabase());
 */
export function ensureSchema(db: SqlDatabase): void {
  db.exec(`${CREATE_SECRETS_TABLE_SQL};\n${CREATE_SECRETS_INDEX_SQL};`);
}

/**
 * Whether the table exists (a missing table means "no stored secrets", not an error).
 *
 * @example
 * if (!secretsTableExists(db)) return undefined;
 */
export function secretsTableExists(db: SqlDatabase): boolean {
  const sql = "select 1 as found from sqlite_master where type = 'table' and name = ?";
  return db.get(sql, [SECRETS_TABLE]) !== undefined;
}
