/**
 * The messages exchanged between the pool (parent) and a query process (child).
 *
 * Children are forked with `serialization: 'advanced'` (V8's structured clone), so Buffers and
 * bigints cross the IPC channel as themselves: no base64 or string encoding is needed, and a
 * BLOB arrives in the parent as a Buffer.
 */
import type { QueryErrorCode } from './errors.js';
import type { QueryParams, QueryResult } from './types.js';

/**
 * Parent → child: run one query.
 * @example const msg: WorkerRequest = { id: 1, path: '/data/x.db', sql: 'select 1', maxRows: 100 };
 */
export interface WorkerRequest {
  id: number;
  path: string;
  sql: string;
  params?: QueryParams;
  maxRows: number;
}

/**
 * Child → parent: the outcome of the request with the same `id`.
 * @example const reply: WorkerReply = { id: 1, ok: false, code: 'SQL_ERROR', message: 'no such table: x' };
 */
export type WorkerReply =
  | ({ id: number; ok: true } & QueryResult)
  | { id: number; ok: false; code: QueryErrorCode; message: string };

/**
 * Child → parent, sent once when the child has loaded SQLite and is listening. The pool only
 * hands work to ready children, so start-up time never counts against a query's time limit.
 * @example if (isReadyMessage(msg)) markReady(child);
 */
export interface WorkerReady {
  ready: true;
}

/**
 * Tells the ready message apart from replies.
 * @example isReadyMessage({ ready: true }) // true
 */
export function isReadyMessage(message: unknown): message is WorkerReady {
  return typeof message === 'object' && message !== null && 'ready' in message;
}
