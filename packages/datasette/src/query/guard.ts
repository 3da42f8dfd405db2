/**
 * The read-only gate for user SQL, in two layers on top of a connection opened `readonly` with
 * `PRAGMA query_only = 1`:
 *
 * 1. Before `prepare()`: PRAGMA statements. SQLite applies many pragmas *while preparing* them,
 *    so checking the prepared statement is too late. Measured with better-sqlite3 12: preparing
 *    `pragma query_only = 0` switches the guard off although the statement is then refused, and
 *    `pragma busy_timeout = 5` or `pragma hard_heap_limit = 1` even pass as `reader && readonly`.
 *    A PRAGMA is allowed only in a form SQLite itself exposes as a table-valued function
 *    (`pragma_<name>`), which SQLite reserves for pragmas that return results without side
 *    effects; an argument is allowed only when that function takes one (`table_info(t)` yes,
 *    `cache_size(100)` no). `EXPLAIN PRAGMA …` is checked the same way, since preparing an
 *    EXPLAIN prepares the inner statement.
 * 2. After `prepare()`: the statement must return rows (`reader`, which refuses ATTACH, DETACH,
 *    BEGIN, SAVEPOINT) and must not write (`readonly`, which refuses `pragma journal_mode`,
 *    `pragma wal_checkpoint` and `explain insert …`).
 */
import type BetterSqlite3 from 'better-sqlite3';
import { QueryError } from './errors.js';

/** `pragma [schema.]name [(argument)]`, read from after the PRAGMA keyword's start. */
const PRAGMA_FORM =
  /pragma\s+(?:(?:\w+|"[^"]*")\s*\.\s*)?(\w+)\s*(\((?:[^()';]|'(?:[^']|'')*')*\))?/iy;
const WORD = /[a-z_]+/iy;
/** Probe results by `name|hasArgument`; the answer depends only on the SQLite build. */
const pragmaVerdicts = new Map<string, boolean>();

/** Index of the first character at or after `i` that is not whitespace or a comment. */
function skipTrivia(sql: string, i: number): number {
  let at = i;
  for (;;) {
    while (at < sql.length && /\s/.test(sql.charAt(at))) at++;
    if (sql.startsWith('--', at)) {
      const newline = sql.indexOf('\n', at);
      at = newline === -1 ? sql.length : newline + 1;
    } else if (sql.startsWith('/*', at)) {
      const end = sql.indexOf('*/', at + 2);
      at = end === -1 ? sql.length : end + 2;
    } else {
      return at;
    }
  }
}

/** The keyword at `i` in lower case, or '' when none starts there. */
function wordAt(sql: string, i: number): string {
  WORD.lastIndex = i;
  return WORD.exec(sql)?.[0].toLowerCase() ?? '';
}

/**
 * Where the statement proper starts: after leading comments and `EXPLAIN [QUERY PLAN]`.
 * @example statementStart('-- hi\nexplain query plan select 1') // index of 'select'
 */
export function statementStart(sql: string): number {
  let i = skipTrivia(sql, 0);
  if (wordAt(sql, i) !== 'explain') return i;
  i = skipTrivia(sql, i + 'explain'.length);
  if (wordAt(sql, i) !== 'query') return i;
  i = skipTrivia(sql, i + 'query'.length);
  return wordAt(sql, i) === 'plan' ? skipTrivia(sql, i + 'plan'.length) : i;
}

/** True when SQLite offers `pragma_<name>` (with an `arg` column when one is needed). */
function pragmaIsPureRead(conn: BetterSqlite3.Database, name: string, hasArg: boolean): boolean {
  const key = `${name.toLowerCase()}|${hasArg}`;
  let verdict = pragmaVerdicts.get(key);
  if (verdict === undefined) {
    try {
      // Only prepared, never run; `name` is \w+ so it cannot inject anything.
      conn.prepare(`select ${hasArg ? 'arg' : '*'} from pragma_${name}`);
      verdict = true;
    } catch {
      verdict = false;
    }
    pragmaVerdicts.set(key, verdict);
  }
  return verdict;
}

/**
 * Refuses PRAGMA statements that would change anything; call it before `prepare()`.
 * Throws `SQL_NOT_READ_ONLY`; other statements pass through to {@link checkStatement}.
 *
 * @example
 * checkBeforePrepare(conn, 'pragma table_info(t)'); // fine
 * checkBeforePrepare(conn, 'pragma query_only = 0'); // throws QueryError SQL_NOT_READ_ONLY
 */
export function checkBeforePrepare(conn: BetterSqlite3.Database, sql: string): void {
  const start = statementStart(sql);
  if (wordAt(sql, start) !== 'pragma') return;
  PRAGMA_FORM.lastIndex = start;
  const match = PRAGMA_FORM.exec(sql);
  let end = match ? skipTrivia(sql, PRAGMA_FORM.lastIndex) : -1;
  if (sql.charAt(end) === ';') end = skipTrivia(sql, end + 1);
  const name = match?.[1] ?? '';
  if (end !== sql.length || !pragmaIsPureRead(conn, name, match?.[2] !== undefined)) {
    throw QueryError.notReadOnly();
  }
}

/**
 * Refuses a prepared statement that returns no rows or could write.
 * @example checkStatement(conn.prepare("attach database 'x.db' as x")); // throws SQL_NOT_READ_ONLY
 */
export function checkStatement(stmt: BetterSqlite3.Statement): void {
  if (!stmt.reader || !stmt.readonly) throw QueryError.notReadOnly();
}
