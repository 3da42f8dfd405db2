/**
 * Row counts for the database and table pages. `count(*)` reads the whole table (~140 ms for a
 * million rows on a cold cache), so:
 *
 * - counts are cached until the data changes (`data_version`, `total_changes()`), and a count
 *   already running is shared by every request that wants it;
 * - a rowid table whose rowid range is at most {@link INLINE_COUNT_ROWS} is counted in the
 *   server process (its rowid range bounds the work; ~1 ms);
 * - anything bigger, and virtual tables, are counted in the query pool under
 *   {@link COUNT_TIME_LIMIT_MS}; a count that takes longer is shown as unknown (`null`) and not
 *   retried until the data changes.
 */

import type { Datasette } from '../app.js';
import type { Database } from '../db/database.js';
import { formatNumber } from '../util/format.js';
import { runLocal, runPooled } from './run.js';
import type { TableInfo } from './schema.js';
import { quoteIdent, type Sql, whereClause } from './sql.js';
import { type Count, dataKey, dbState } from './state.js';
import type { Filter } from './table-query.js';

/**
 * Tables whose rowid range is at most this many are counted in the server process.
 * @example if (span <= INLINE_COUNT_ROWS) countInProcess();
 */
export const INLINE_COUNT_ROWS = 50_000;
/**
 * The most time a count may take in the query pool (also capped by `sql_time_limit_ms`).
 * @example Math.min(settings.sql_time_limit_ms, COUNT_TIME_LIMIT_MS)
 */
export const COUNT_TIME_LIMIT_MS = 200;

function countLimit(ds: Datasette): number {
  const limit = ds.settings.sql_time_limit_ms;
  return limit > 0 ? Math.min(limit, COUNT_TIME_LIMIT_MS) : COUNT_TIME_LIMIT_MS;
}

/** The rowid range of a table: an upper bound of its row count, read from the ends of its B-tree. */
function rowidSpan(db: Database, table: TableInfo): number | null {
  if (table.kind !== 'table' || table.rowid === null) return null;
  const from = quoteIdent(table.name);
  const min = runLocal(db, { sql: `select min(${table.rowid}) from ${from}`, params: [] })
    .rows[0]?.[0];
  const max = runLocal(db, { sql: `select max(${table.rowid}) from ${from}`, params: [] })
    .rows[0]?.[0];
  if (min === null || max === null) return 0;
  return Number(max) - Number(min) + 1;
}

async function countQuery(
  ds: Datasette,
  db: Database,
  query: Sql,
  table: TableInfo,
): Promise<Count> {
  try {
    if (db.path === null || isSmall(db, table))
      return Number(runLocal(db, query).rows[0]?.[0] ?? 0);
    const result = await runPooled(ds, db, query, 1, countLimit(ds));
    return Number(result.rows[0]?.[0] ?? 0);
  } catch {
    return null; // too slow (or unreadable): shown as unknown
  }
}

function isSmall(db: Database, table: TableInfo): boolean {
  const span = rowidSpan(db, table);
  return span !== null && span <= INLINE_COUNT_ROWS;
}

/**
 * The number of rows in a table (`null` when counting took too long). Views are not counted.
 * @example await tableCount(datasette, db, schema.tables.get('birds')) // 3
 */
export function tableCount(ds: Datasette, db: Database, table: TableInfo): Promise<Count> {
  if (table.kind === 'view') return Promise.resolve(null);
  const state = dbState(db);
  const key = dataKey(db);
  if (state.counts.dataKey !== key) {
    state.counts = { dataKey: key, values: new Map(), pending: new Map() };
  }
  const counts = state.counts;
  if (counts.values.has(table.name)) return Promise.resolve(counts.values.get(table.name) ?? null);
  let pending = counts.pending.get(table.name);
  if (!pending) {
    const query = { sql: `select count(*) from ${quoteIdent(table.name)}`, params: [] };
    pending = countQuery(ds, db, query, table).then((count) => {
      counts.values.set(table.name, count);
      counts.pending.delete(table.name);
      return count;
    });
    counts.pending.set(table.name, pending);
  }
  return pending;
}

/**
 * The number of rows matching exact-value filters; the table's cached count when there are
 * none. Not cached: filters vary too much.
 * @example await filteredCount(datasette, db, table, [{ column: 'name', value: 'Blue' }]) // 1
 */
export async function filteredCount(
  ds: Datasette,
  db: Database,
  table: TableInfo,
  filters: readonly Filter[],
): Promise<Count> {
  if (filters.length === 0) return tableCount(ds, db, table);
  const rowidShown = table.rowid !== null && table.pks.length === 0;
  const ref = (c: string) => (rowidShown && c === table.rowid ? c : quoteIdent(c));
  const query = {
    sql: `select count(*) from ${quoteIdent(table.name)}${whereClause(filters.map((f) => `${ref(f.column)} = ?`))}`,
    params: filters.map((f) => f.value),
  };
  return countQuery(ds, db, query, table);
}

/**
 * A row count for people: `1 row`, `12,345 rows`, or `many rows` when counting took too long.
 * @example formatCount(12345) // '12,345 rows'
 */
export function formatCount(count: Count): string {
  if (count === null) return 'many rows';
  return `${formatNumber(count)} row${count === 1 ? '' : 's'}`;
}
