/**
 * The query pool's public types: what goes in, what comes out.
 */

/**
 * Statement parameters: an object for named parameters (`:name`, `@name`, `$name`, keys given
 * without the prefix) or an array for positional `?` parameters.
 *
 * @example const params: QueryParams = { id: 3 }; // for `select * from t where id = :id`
 */
export type QueryParams = Record<string, unknown> | unknown[];

/**
 * The rows of a query, as arrays in column order (column names can repeat, so rows are not
 * objects). INTEGERs outside ±2^53 come back as `bigint`, BLOBs as `Buffer`.
 *
 * @example
 * const { columns, rows, truncated } = await pool.run({ path, sql: 'select 1 as one', maxRows: 10, timeLimitMs: 1000 });
 * // columns: ['one'], rows: [[1]], truncated: false
 */
export interface QueryResult {
  columns: string[];
  rows: unknown[][];
  /** True when the query had more than `maxRows` rows; only the first `maxRows` are returned. */
  truncated: boolean;
}

/**
 * Options for `QueryPool`.
 * @example new QueryPool({ size: 3, spares: 1 })
 */
export interface QueryPoolOptions {
  /** Queries run at once (default 3, as Datasette's `num_sql_threads`). */
  size?: number;
  /** Extra children kept warm to replace a killed one instantly (default 1). */
  spares?: number;
}

/**
 * One query for `QueryPool.run`.
 * @example { path: '/data/fixtures.db', sql: 'select * from t where id = :id', params: { id: 1 }, maxRows: 1000, timeLimitMs: 1000 }
 */
export interface QueryRequest {
  /** A database file; opened read-only, so it must exist. */
  path: string;
  sql: string;
  params?: QueryParams;
  /** Rows returned at most; `truncated` tells whether there were more. */
  maxRows: number;
  timeLimitMs: number;
}

/**
 * A snapshot of the pool, for `/-/` introspection pages and tests.
 * @example pool.stats() // { children: 4, ready: 4, busy: 1, queued: 0, pids: [...] }
 */
export interface QueryPoolStats {
  children: number;
  ready: number;
  busy: number;
  queued: number;
  pids: number[];
}
