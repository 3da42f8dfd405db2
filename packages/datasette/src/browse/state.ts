/**
 * Per-database caches of the browse pages: prepared statements, query-plan verdicts, the schema
 * and table counts. Statements and plans depend on the schema, so they are dropped whenever
 * `PRAGMA schema_version` changes. Kept in a WeakMap so a closed, dropped database takes its
 * caches with it.
 */
import type { Database, Statement } from '../db/database.js';
import type { DbSchema } from './schema.js';

/** Bound on cached statements and plans per database; the cache is cleared when exceeded. */
export const MAX_CACHED = 1000;

/** A table count: `null` when counting took too long. */
export type Count = number | null;

/** The caches of one database. */
export interface DbState {
  version: number;
  statements: Map<string, Statement>;
  /** `EXPLAIN QUERY PLAN` verdicts: is this SQL safe to run in the server process? */
  plans: Map<string, boolean>;
  schema?: DbSchema;
  /** Counts are valid while `dataKey` (data_version and total_changes) is unchanged. */
  counts: { dataKey: string; values: Map<string, Count>; pending: Map<string, Promise<Count>> };
  versionStmt: Statement;
  dataStmt: Statement;
}

const states = new WeakMap<Database, DbState>();

/**
 * The caches of `db`, created on first use. Does not check for schema changes; see
 * {@link syncSchema}.
 * @example dbState(db).plans.size
 */
export function dbState(db: Database): DbState {
  let state = states.get(db);
  if (!state) {
    state = {
      version: -1,
      statements: new Map(),
      plans: new Map(),
      counts: { dataKey: '', values: new Map(), pending: new Map() },
      versionStmt: db.conn.prepare('pragma schema_version').pluck(),
      dataStmt: db.conn
        .prepare('select (select data_version from pragma_data_version), total_changes()')
        .raw(),
    };
    states.set(db, state);
  }
  return state;
}

/**
 * Reads `PRAGMA schema_version` and drops the schema-dependent caches when it changed. Called
 * once per request, before anything else touches the database.
 * @example const state = syncSchema(db);
 */
export function syncSchema(db: Database): DbState {
  const state = dbState(db);
  const version = Number(state.versionStmt.get());
  if (version !== state.version) {
    state.version = version;
    state.statements.clear();
    state.plans.clear();
    state.schema = undefined;
  }
  return state;
}

/**
 * A cached prepared statement. `raw` statements return rows as arrays and integers as bigint
 * (see `normalizeRow`), so big integers are never rounded.
 * @example statement(db, 'select * from pragma_index_list(?)', false).all('birds')
 */
export function statement(db: Database, sql: string, raw = true): Statement {
  const state = dbState(db);
  const key = raw ? sql : `\u0000${sql}`;
  let stmt = state.statements.get(key);
  if (!stmt) {
    if (state.statements.size >= MAX_CACHED) state.statements.clear();
    stmt = db.conn.prepare(sql);
    if (raw && stmt.reader) stmt.raw(true).safeIntegers(true);
    state.statements.set(key, stmt);
  }
  return stmt;
}

/**
 * A key that changes whenever the database's data changes: `data_version` sees commits by other
 * connections, `total_changes()` this connection's own writes.
 * @example if (dataKey(db) !== cached) recount();
 */
export function dataKey(db: Database): string {
  const [version, changes] = dbState(db).dataStmt.get() as [number, number];
  return `${version}:${changes}`;
}
