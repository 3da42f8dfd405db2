/**
 * Where the browse pages' SQL runs.
 *
 * - **In the server process** when `EXPLAIN QUERY PLAN` proves the statement does a bounded
 *   amount of work: one index or rowid range read in the requested order, every `where` term
 *   served by that range, no temporary sort. Such a page costs the same at any depth (~0.1 ms
 *   for 100 rows) and cannot block the event loop for long.
 * - **In the query pool** (a child process, stopped at the time limit) for everything else:
 *   a sort or filter on an unindexed column of a big table would otherwise block the server for
 *   as long as it takes. Views, virtual tables and user SQL always go there.
 *
 * Verdicts are cached per SQL text until the schema changes.
 */
import type { Datasette } from '../app.js';
import type { Database } from '../db/database.js';
import { isQueryError } from '../query/index.js';
import { BadRequest } from '../web/errors.js';
import type { Sql } from './sql.js';
import { dbState, MAX_CACHED, statement } from './state.js';

/** Rows as arrays in column order, integers as numbers (bigint beyond 2^53), BLOBs as Buffers. */
export interface Rows {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
}

/**
 * Integers as numbers when exact, bigint otherwise (raw statements return every integer as
 * bigint). Changes the row in place and returns it.
 * @example normalizeRow([1n, 2n ** 60n, 'x']) // [1, 1152921504606846976n, 'x']
 */
export function normalizeRow(row: unknown[]): unknown[] {
  for (let i = 0; i < row.length; i++) {
    const v = row[i];
    if (typeof v === 'bigint' && v >= -9007199254740991n && v <= 9007199254740991n)
      row[i] = Number(v);
  }
  return row;
}

/**
 * Runs a statement in the server process (use only for bounded statements).
 * @example runLocal(db, { sql: 'select * from "t" where rowid > ? order by rowid limit ?', params: [5, 101] })
 */
export function runLocal(db: Database, query: Sql): Rows {
  const stmt = statement(db, query.sql);
  const rows = (stmt.all(...query.params) as unknown[][]).map(normalizeRow);
  return { columns: stmt.columns().map((c) => c.name), rows, truncated: false };
}

/**
 * Runs a statement in the query pool under `timeLimitMs`; query errors (timeout, SQL error,
 * refused write) become a 400 with the pool's message.
 * @example await runPooled(datasette, db, { sql: 'select 1', params: [] }, 1000, 500)
 */
export async function runPooled(
  ds: Datasette,
  db: Database,
  query: Sql | { sql: string; params: Record<string, unknown> },
  maxRows: number,
  timeLimitMs: number,
): Promise<Rows> {
  if (db.path === null)
    throw new BadRequest('SQL queries are not available for in-memory databases');
  try {
    return await ds.queryPool.run({
      path: db.path,
      sql: query.sql,
      params: query.params,
      maxRows,
      timeLimitMs: Math.max(1, Math.round(timeLimitMs)),
    });
  } catch (error) {
    if (isQueryError(error)) throw new BadRequest(error.message);
    throw error;
  }
}

/**
 * True when the statement's plan is a single ordered index/rowid read whose range uses all
 * `expected` constraints (`?` placeholders, plus one per `is null` / `is not null` term, which
 * the plan also shows as `?`), with no temporary B-tree. Statements without a `where` may scan,
 * since rows then arrive in order and `limit` stops the scan.
 *
 * @example planIsBounded(db, { sql: 'select * from "t" where rowid > ? order by rowid limit ?', params: [1, 10] }, 1)
 */
export function planIsBounded(db: Database, query: Sql, expected: number): boolean {
  const plans = dbState(db).plans;
  let verdict = plans.get(query.sql);
  if (verdict === undefined) {
    const detail = statement(db, `explain query plan ${query.sql}`, false)
      .all(...query.params.map(() => null))
      .map((row) => String((row as { detail: unknown }).detail));
    verdict = judgePlan(detail, expected, / where /.test(query.sql));
    // Keyed by request-shaped SQL (any number of filters), so it is capped like the statements.
    if (plans.size >= MAX_CACHED) plans.clear();
    plans.set(query.sql, verdict);
  }
  return verdict;
}

/**
 * The plan rule of {@link planIsBounded}, on the `detail` lines of `EXPLAIN QUERY PLAN`.
 * @example judgePlan(['SEARCH t USING INDEX t_name (name=? AND rowid>?)'], 2, true) // true
 * @example judgePlan(['SCAN t', 'USE TEMP B-TREE FOR ORDER BY'], 0, false) // false
 */
export function judgePlan(detail: readonly string[], expected: number, hasWhere: boolean): boolean {
  if (detail.length !== 1) return false;
  const line = detail[0] ?? '';
  if (line.includes('VIRTUAL TABLE') || line.includes('TEMP B-TREE')) return false;
  if (!hasWhere) return line.startsWith('SCAN ') || line.startsWith('SEARCH ');
  if (!line.startsWith('SEARCH ')) return false;
  return (line.match(/\?/g)?.length ?? 0) === expected;
}
