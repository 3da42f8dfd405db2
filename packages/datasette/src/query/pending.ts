/**
 * One `QueryPool.run` call waiting for its answer. Several things race to answer it (the reply,
 * the time limit, a crash, `close()`); the first wins and the others become no-ops, so the pool
 * never has to work out which of them came first.
 */
import { QueryError } from './errors.js';
import type { WorkerReply } from './protocol.js';
import type { QueryRequest, QueryResult } from './types.js';

/**
 * A request plus the promise callbacks and timer that belong to it.
 *
 * @example
 * new Promise((resolve, reject) => {
 *   const pending = new Pending(request, resolve, reject);
 *   pending.timer = setTimeout(() => pending.settle(QueryError.timeout(1000)), 1000);
 * });
 */
export class Pending {
  readonly request: QueryRequest;
  /** The queue-wait timer, then the execution timer; cleared when settled. */
  timer: NodeJS.Timeout | undefined;
  #settled = false;
  readonly #resolve: (result: QueryResult) => void;
  readonly #reject: (error: Error) => void;

  constructor(
    request: QueryRequest,
    resolve: (result: QueryResult) => void,
    reject: (error: Error) => void,
  ) {
    this.request = request;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /**
   * Answers with a result or an error, unless already answered.
   * @example pending.settle(new QueryError('SQL_ERROR', 'query pool is closed'));
   */
  settle(outcome: QueryResult | Error): void {
    if (this.#settled) return;
    this.#settled = true;
    clearTimeout(this.timer);
    if (outcome instanceof Error) this.#reject(outcome);
    else this.#resolve(outcome);
  }

  /**
   * Answers from a child's reply, rebuilding the QueryError it describes.
   * @example pending.settleWith({ id: 1, ok: true, columns: ['1'], rows: [[1]], truncated: false });
   */
  settleWith(reply: WorkerReply): void {
    this.settle(
      reply.ok
        ? { columns: reply.columns, rows: reply.rows, truncated: reply.truncated }
        : new QueryError(reply.code, reply.message),
    );
  }
}
