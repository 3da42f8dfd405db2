/**
 * Running arbitrary user SQL: read-only, in child processes, under a time limit.
 *
 * @example
 * import { QueryPool, QueryError } from './query/index.js';
 * const pool = new QueryPool();
 * const result = await pool.run({ path, sql, params, maxRows: 1000, timeLimitMs: 1000 });
 */
export { isQueryError, QUERY_ERROR_CODES, QueryError, type QueryErrorCode } from './errors.js';
export { QueryPool, STARTUP_ALLOWANCE_MS } from './pool.js';
export type {
  QueryParams,
  QueryPoolOptions,
  QueryPoolStats,
  QueryRequest,
  QueryResult,
} from './types.js';
