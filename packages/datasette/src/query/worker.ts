/**
 * The query child process. The pool forks this file, sends it {@link WorkerRequest}s one at a
 * time and SIGKILLs it when a query overruns its time limit: a synchronous SQLite call cannot be
 * interrupted from inside the process, but a process can always be killed.
 *
 * Not imported by anything: it is an entry point, started as
 * `fork(worker.js, { serialization: 'advanced' })`.
 */
import BetterSqlite3 from 'better-sqlite3';
import { QueryError } from './errors.js';
import { executeQuery } from './execute.js';
import type { WorkerReady, WorkerReply, WorkerRequest } from './protocol.js';

/** Open connections kept per database path; the least recently used is closed beyond this. */
const MAX_CONNECTIONS = 32;
const connections = new Map<string, BetterSqlite3.Database>();

/**
 * A cached read-only connection to `path`. `readonly` makes SQLite refuse writes to the file;
 * `query_only` is a second, independent guard that also covers the temp schema.
 */
function connectionFor(path: string): BetterSqlite3.Database {
  let conn = connections.get(path);
  if (conn) {
    connections.delete(path); // re-inserted below, so Map order is least-recently-used first
  } else {
    conn = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    conn.pragma('query_only = 1');
  }
  connections.set(path, conn);
  if (connections.size > MAX_CONNECTIONS) {
    const [oldestPath, oldest] = connections.entries().next().value as [
      string,
      BetterSqlite3.Database,
    ];
    connections.delete(oldestPath);
    oldest.close();
  }
  return conn;
}

/** Runs one request and turns every failure into an error reply (the child never throws). */
function handle(request: WorkerRequest): WorkerReply {
  try {
    const conn = connectionFor(request.path);
    const result = executeQuery(conn, request.sql, request.params, request.maxRows);
    return { id: request.id, ok: true, ...result };
  } catch (error) {
    const failure =
      error instanceof QueryError
        ? error
        : new QueryError('SQL_ERROR', error instanceof Error ? error.message : String(error));
    return { id: request.id, ok: false, code: failure.code, message: failure.message };
  }
}

process.on('message', (message: WorkerRequest) => {
  process.send?.(handle(message));
});

// The parent is gone (it crashed, or was SIGKILLed and could not kill us): nothing will ever
// read our replies, so exit rather than linger as an orphan.
process.on('disconnect', () => process.exit(0));

process.send?.({ ready: true } satisfies WorkerReady);
