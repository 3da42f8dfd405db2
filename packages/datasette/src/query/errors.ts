/**
 * Errors raised while running user SQL. Each carries a stable `code` so views can map it to a
 * status (all four are a 400 with the standard error body) and tests can assert on it without
 * matching message text.
 */

/** The ways a user query can fail. Kept as data so docs and tests can enumerate them. */
export const QUERY_ERROR_CODES = [
  'SQL_ERROR',
  'SQL_TIMEOUT',
  'SQL_NOT_READ_ONLY',
  'SQL_BAD_PARAMS',
] as const;

/** One of {@link QUERY_ERROR_CODES}. */
export type QueryErrorCode = (typeof QUERY_ERROR_CODES)[number];

/** The message shown when a statement could change something. */
export const NOT_READ_ONLY_MESSAGE =
  'Only read-only SQL (SELECT, WITH … SELECT, EXPLAIN, PRAGMA reads) is allowed here';

/**
 * A user query failed. The message is safe to show to the user who wrote the SQL: SQLite's own
 * messages only describe the user's SQL, and nothing here includes file paths or stack traces.
 *
 * @example
 * try {
 *   await pool.run({ path, sql, maxRows: 1000, timeLimitMs: 1000 });
 * } catch (error) {
 *   if (error instanceof QueryError && error.code === 'SQL_TIMEOUT') showTimeoutPage(error.message);
 *   else throw error;
 * }
 */
export class QueryError extends Error {
  override readonly name = 'QueryError';
  readonly code: QueryErrorCode;

  constructor(code: QueryErrorCode, message: string) {
    super(message);
    this.code = code;
  }

  /**
   * The query ran past its time limit and its process was stopped.
   * @example QueryError.timeout(1000).message // 'SQL query took too long (over 1000 ms) and was stopped'
   */
  static timeout(limitMs: number): QueryError {
    return new QueryError(
      'SQL_TIMEOUT',
      `SQL query took too long (over ${limitMs} ms) and was stopped`,
    );
  }

  /**
   * Every query process stayed busy for longer than the time limit, so this one never started.
   * @example QueryError.queueTimeout(1000).code // 'SQL_TIMEOUT'
   */
  static queueTimeout(limitMs: number): QueryError {
    return new QueryError(
      'SQL_TIMEOUT',
      `SQL query could not start within ${limitMs} ms because the server is busy with other queries`,
    );
  }

  /**
   * The statement could write, attach a database or change connection settings.
   * @example QueryError.notReadOnly().code // 'SQL_NOT_READ_ONLY'
   */
  static notReadOnly(): QueryError {
    return new QueryError('SQL_NOT_READ_ONLY', NOT_READ_ONLY_MESSAGE);
  }
}

/**
 * True for a {@link QueryError}, including one rebuilt from a child process's reply.
 * @example if (isQueryError(error)) return c.json({ ok: false, error: error.message }, 400);
 */
export function isQueryError(value: unknown): value is QueryError {
  return value instanceof QueryError;
}
