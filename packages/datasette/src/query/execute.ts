/**
 * Runs one user query on a read-only connection, synchronously. The child process calls this;
 * it is a plain function so it can also be tested in-process without forking.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { QueryError } from './errors.js';
import { checkBeforePrepare, checkStatement } from './guard.js';
import type { QueryParams, QueryResult } from './types.js';

const MISSING_NAMED = /^Missing named parameter "(.+)"$/;
/** How many missing names to list before giving up (a guard against pathological SQL). */
const MAX_MISSING_REPORTED = 100;

/**
 * The most a result may hold, in bytes of values (strings counted by UTF-16 length, BLOBs by
 * size). A single `select zeroblob(1e8)` otherwise makes the server clone, render and encode
 * hundreds of megabytes for one anonymous request; `max_returned_rows` bounds rows, not bytes.
 * @example executeQuery(conn, 'select zeroblob(100000000)', [], 10) // throws SQL_ERROR
 */
export const MAX_RESULT_BYTES = 32 * 1024 * 1024;

/**
 * Runs `sql` and returns at most `maxRows` rows, with `truncated` set when there were more.
 * Throws {@link QueryError}: `SQL_NOT_READ_ONLY`, `SQL_BAD_PARAMS` or `SQL_ERROR`.
 *
 * @example
 * const conn = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
 * executeQuery(conn, 'select * from t where id > :min', { min: 3 }, 1000);
 * // { columns: ['id', 'name'], rows: [[4, 'a'], [5, 'b']], truncated: false }
 */
export function executeQuery(
  conn: BetterSqlite3.Database,
  sql: string,
  params: QueryParams | undefined,
  maxRows: number,
): QueryResult {
  checkBeforePrepare(conn, sql);
  let stmt: BetterSqlite3.Statement;
  try {
    stmt = conn.prepare(sql);
  } catch (error) {
    throw toQueryError(error);
  }
  checkStatement(stmt);
  // safeIntegers: integers beyond 2^53 must not be silently rounded; see normalizeValue.
  stmt.raw(true).safeIntegers(true);
  const columns = stmt.columns().map((column) => column.name);
  const rows: unknown[][] = [];
  let truncated = false;
  let bytes = 0;
  try {
    for (const row of stmt.iterate(params ?? []) as Iterable<unknown[]>) {
      // Reading one row past the limit is how we learn that the result was truncated.
      if (rows.length >= maxRows) {
        truncated = true;
        break;
      }
      bytes += rowBytes(row);
      if (bytes > MAX_RESULT_BYTES) throw resultTooLarge();
      rows.push(row.map(normalizeValue));
    }
  } catch (error) {
    throw paramsError(stmt, params, error) ?? toQueryError(error);
  }
  return { columns, rows, truncated };
}

/** Roughly what a row costs to hold and send: text and BLOB lengths, 8 bytes for the rest. */
function rowBytes(row: unknown[]): number {
  let n = 0;
  for (const value of row) {
    if (typeof value === 'string') n += value.length;
    else if (value instanceof Uint8Array) n += value.byteLength;
    else n += 8;
  }
  return n;
}

function resultTooLarge(): QueryError {
  const mib = MAX_RESULT_BYTES / (1024 * 1024);
  return new QueryError(
    'SQL_ERROR',
    `The query result is too large (over ${mib} MiB): select fewer rows or columns, or shorten large values with substr()`,
  );
}

/** Integers as numbers when exact, otherwise as bigint (the caller must render them). */
function normalizeValue(value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(value)
    : value;
}

/**
 * Maps better-sqlite3's binding errors to `SQL_BAD_PARAMS`. For missing named parameters it
 * binds again with each reported name filled in, so the message lists every missing name, not
 * only the first (better-sqlite3 has no API for a statement's parameter names).
 */
function paramsError(
  stmt: BetterSqlite3.Statement,
  params: QueryParams | undefined,
  error: unknown,
): QueryError | undefined {
  if (!(error instanceof RangeError || error instanceof TypeError)) return undefined;
  const first = MISSING_NAMED.exec(error.message)?.[1];
  if (first === undefined || Array.isArray(params)) {
    return new QueryError('SQL_BAD_PARAMS', error.message);
  }
  const filled: Record<string, unknown> = { ...params };
  const missing: string[] = [];
  for (let name: string | undefined = first; name !== undefined; ) {
    missing.push(name);
    filled[name] = null;
    name = undefined;
    if (missing.length >= MAX_MISSING_REPORTED) break;
    try {
      // iterate() binds eagerly; return() releases the statement without running it.
      stmt.iterate(filled).return?.();
    } catch (again) {
      name = again instanceof RangeError ? MISSING_NAMED.exec(again.message)?.[1] : undefined;
    }
  }
  const label = missing.length === 1 ? 'parameter' : 'parameters';
  return new QueryError('SQL_BAD_PARAMS', `Missing named ${label}: ${missing.join(', ')}`);
}

/** SQLite's message for the user's own SQL; write refusals from SQLite map to SQL_NOT_READ_ONLY. */
function toQueryError(error: unknown): QueryError {
  if (error instanceof QueryError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('SQLITE_READONLY'))
    return QueryError.notReadOnly();
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('more than one statement')) {
    return new QueryError('SQL_ERROR', 'Only one SQL statement can be run at a time');
  }
  return new QueryError('SQL_ERROR', message);
}
