import BetterSqlite3 from 'better-sqlite3';

/** A row as returned by {@link Database.all}: column name to value. */
export type Row = Record<string, unknown>;
/** Parameters for a statement: positional array or named object (`:name` / `@name` / `$name`). */
export type Params = unknown[] | Record<string, unknown>;
/** A prepared better-sqlite3 statement. */
export type Statement = BetterSqlite3.Statement;

/** How a database was attached. */
export interface DatabaseOptions {
  /** The name used in URLs; the file stem for attached files. */
  name: string;
  /** A file path, or `null` for an in-memory database. */
  path: string | null;
  /** Open read-only: nothing is ever written. */
  readOnly?: boolean;
  /** Create the file when missing (used by `--create` and `--internal`). */
  create?: boolean;
}

/**
 * One SQLite database. Statements run synchronously in the server process, which is right for
 * the indexed lookups that plugins make (microseconds each). Arbitrary user SQL goes through the
 * query pool instead so it can be stopped at its time limit.
 *
 * @example
 * const db = datasette.getInternalDatabase();
 * db.exec('create table if not exists t (id integer primary key, v text)');
 * db.run('insert into t (v) values (?)', ['hello']);
 * db.all('select * from t'); // [{ id: 1, v: 'hello' }]
 */
export class Database {
  readonly name: string;
  readonly path: string | null;
  readonly readOnly: boolean;
  /** The underlying better-sqlite3 connection, for plugins that need its full API. */
  readonly conn: BetterSqlite3.Database;
  readonly #statements = new Map<string, Statement>();

  constructor(options: DatabaseOptions) {
    this.name = options.name;
    this.path = options.path;
    this.readOnly = options.readOnly ?? false;
    this.conn = new BetterSqlite3(options.path ?? ':memory:', {
      readonly: this.readOnly && options.path !== null,
      fileMustExist: options.path !== null && !options.create,
      timeout: 5000,
    });
    if (options.path !== null && !this.readOnly) {
      this.conn.pragma('journal_mode = WAL');
    }
  }

  /** True for an in-memory database (lost when the process exits). */
  get isMemory(): boolean {
    return this.path === null;
  }

  /** A cached prepared statement: preparing once makes repeated lookups cheap. */
  prepare(sql: string): Statement {
    let stmt = this.#statements.get(sql);
    if (!stmt) {
      stmt = this.conn.prepare(sql);
      this.#statements.set(sql, stmt);
    }
    return stmt;
  }

  /** All rows of a query. @example db.all('select * from t where id > ?', [1]) */
  all<T = Row>(sql: string, params: Params = []): T[] {
    return this.prepare(sql).all(params as never) as T[];
  }

  /** The first row of a query, or `undefined`. */
  get<T = Row>(sql: string, params: Params = []): T | undefined {
    return this.prepare(sql).get(params as never) as T | undefined;
  }

  /** Run a writing statement; returns the change count and last row id. */
  run(sql: string, params: Params = []): BetterSqlite3.RunResult {
    this.#assertWritable();
    return this.prepare(sql).run(params as never);
  }

  /** Run several statements (no parameters), e.g. a schema. */
  exec(sql: string): void {
    this.#assertWritable();
    this.conn.exec(sql);
  }

  /**
   * Run `fn` in a transaction (`BEGIN IMMEDIATE`, so concurrent writers from other processes
   * queue on SQLite's lock instead of failing half-way). Rolled back if `fn` throws.
   */
  transaction<T>(fn: () => T): T {
    this.#assertWritable();
    return this.conn.transaction(fn).immediate();
  }

  /** Whether a table exists. */
  tableExists(table: string): boolean {
    return (
      this.get("select 1 as x from sqlite_master where type = 'table' and name = ?", [table]) !==
      undefined
    );
  }

  /** Close the connection. */
  close(): void {
    this.#statements.clear();
    if (this.conn.open) this.conn.close();
  }

  #assertWritable(): void {
    if (this.readOnly) throw new Error(`Database "${this.name}" is read-only`);
  }
}
