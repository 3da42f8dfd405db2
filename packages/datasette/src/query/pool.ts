/**
 * The query pool: runs arbitrary user SQL in forked child processes so a slow query never blocks
 * the server's event loop, and stops a query at its time limit by SIGKILLing its process.
 *
 * Time limits. `timeLimitMs` bounds execution, measured from when a child receives the query.
 * A query that cannot start because every child is busy waits at most `timeLimitMs` in the queue
 * too (plus {@link STARTUP_ALLOWANCE_MS} while the very first children are starting), then fails
 * with `SQL_TIMEOUT`; so nothing waits forever and the worst case is about twice the limit.
 *
 * Spares. Killing a child takes ~300 ms and forking a new one ~100 ms (measured here), so the pool
 * keeps `spares` extra children warm: a timed-out child's slot is taken over at once by a spare
 * while its replacement starts in the background.
 */
import { QueryChild } from './child.js';
import { QueryError } from './errors.js';
import { Pending } from './pending.js';
import type { QueryPoolOptions, QueryPoolStats, QueryRequest, QueryResult } from './types.js';
import { validatePoolOptions, validateRequest } from './validate.js';

/** Extra queue wait allowed while the pool's first children are still starting. */
export const STARTUP_ALLOWANCE_MS = 5000;

/**
 * Runs read-only user SQL in child processes, each query under a time limit.
 *
 * @example
 * const pool = new QueryPool({ size: 3 });
 * const { columns, rows, truncated } = await pool.run({
 *   path: db.path, sql: 'select name from sqlite_master', maxRows: 1000, timeLimitMs: 1000,
 * });
 * await pool.close();
 */
export class QueryPool {
  readonly #size: number;
  readonly #target: number;
  readonly #children = new Set<QueryChild>();
  readonly #running = new Map<QueryChild, Pending>();
  readonly #queue: Pending[] = [];
  /** Timed-out children on their way out; close() still waits for them. */
  readonly #dying = new Set<QueryChild>();
  readonly #onProcessExit = (): void => {
    for (const child of [...this.#children, ...this.#dying]) child.kill();
  };
  #hooked = false;
  #nextId = 1;
  #closed = false;

  constructor(options: QueryPoolOptions = {}) {
    const { size, spares } = validatePoolOptions(options);
    this.#size = size;
    this.#target = size + spares;
  }

  /**
   * Runs one query. Rejects with {@link QueryError}: `SQL_TIMEOUT`, `SQL_NOT_READ_ONLY`,
   * `SQL_BAD_PARAMS` or `SQL_ERROR`; with a TypeError/RangeError for a malformed request.
   * @example await pool.run({ path, sql: 'select ?', params: [1], maxRows: 10, timeLimitMs: 500 })
   */
  run(request: QueryRequest): Promise<QueryResult> {
    try {
      validateRequest(request);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closed) return Promise.reject(new QueryError('SQL_ERROR', 'query pool is closed'));
    return new Promise<QueryResult>((resolve, reject) => {
      const pending = new Pending(request, resolve, reject);
      const warm = [...this.#children].some((child) => child.readyAt !== undefined);
      const wait = request.timeLimitMs + (warm ? 0 : STARTUP_ALLOWANCE_MS);
      pending.timer = setTimeout(() => this.#expireQueued(pending), wait);
      this.#queue.push(pending);
      this.#fill();
      this.#pump();
    });
  }

  /**
   * Starts the children now and resolves when all are ready, so the first user query does not
   * pay for process start-up. Optional: `run()` starts them lazily otherwise.
   * @example await pool.warmUp(); // at server start
   */
  async warmUp(): Promise<void> {
    if (this.#closed) throw new QueryError('SQL_ERROR', 'query pool is closed');
    this.#fill();
    const children = [...this.#children];
    for (const child of children) child.hold(); // children are unref'd: keep us alive meanwhile
    const started = await Promise.all(children.map((child) => child.started));
    for (const child of children) child.release();
    if (started.includes(false)) throw new QueryError('SQL_ERROR', 'query process failed to start');
  }

  /**
   * A snapshot of the children and queue.
   * @example assert.equal(pool.stats().queued, 0);
   */
  stats(): QueryPoolStats {
    const children = [...this.#children];
    return {
      children: children.length,
      ready: children.filter((child) => child.readyAt !== undefined).length,
      busy: this.#running.size,
      queued: this.#queue.length,
      pids: children.flatMap((child) =>
        child.process.pid === undefined ? [] : [child.process.pid],
      ),
    };
  }

  /**
   * Rejects queued and running queries, kills every child and resolves once they have exited.
   * @example await pool.close();
   */
  async close(): Promise<void> {
    this.#closed = true;
    const closed = new QueryError('SQL_ERROR', 'query pool is closed');
    for (const pending of this.#queue.splice(0)) pending.settle(closed);
    for (const pending of this.#running.values()) pending.settle(closed);
    this.#running.clear();
    const children = [...this.#children, ...this.#dying];
    this.#children.clear();
    this.#dying.clear();
    for (const child of children) {
      child.process.ref(); // keep the event loop alive until 'exit' arrives, or it never would
      child.kill();
    }
    await Promise.all(children.map((child) => child.exited));
    process.off('exit', this.#onProcessExit);
    this.#hooked = false;
  }

  /** Forks children up to the target count (lazily: the first `run()` starts them). */
  #fill(): void {
    if (this.#closed) return;
    if (!this.#hooked) {
      process.on('exit', this.#onProcessExit); // children must not outlive the server
      this.#hooked = true;
    }
    while (this.#children.size < this.#target) {
      this.#children.add(
        new QueryChild({
          ready: () => this.#pump(),
          died: (child) => this.#childDied(child),
        }),
      );
    }
  }

  /** Hands queued queries to idle children, never more than `size` at once. */
  #pump(): void {
    while (this.#queue.length > 0 && this.#running.size < this.#size) {
      const child = [...this.#children].find((candidate) => candidate.idle);
      const pending = child && this.#queue.shift();
      if (!child || !pending) return;
      this.#dispatch(child, pending);
    }
  }

  #dispatch(child: QueryChild, pending: Pending): void {
    clearTimeout(pending.timer);
    this.#running.set(child, pending);
    const { path, sql, params, maxRows, timeLimitMs } = pending.request;
    pending.timer = setTimeout(() => {
      // Answer first: fork() is synchronous and takes milliseconds, so the kill and the
      // replacement wait for the next turn of the event loop (the child stays out of use).
      this.#running.delete(child);
      this.#children.delete(child);
      this.#dying.add(child);
      pending.settle(QueryError.timeout(timeLimitMs));
      setImmediate(() => this.#retire(child));
    }, timeLimitMs);
    child.run({ id: this.#nextId++, path, sql, params, maxRows }).then(
      (reply) => {
        this.#running.delete(child);
        pending.settleWith(reply);
        this.#pump();
      },
      // The child died mid-query (#childDied replaces it) or the request could not be sent.
      (error: Error) => {
        this.#running.delete(child);
        pending.settle(error);
        this.#pump();
      },
    );
  }

  /** Kills a child whose query overran and starts its replacement. */
  #retire(child: QueryChild): void {
    child.kill();
    void child.exited.then(() => this.#dying.delete(child));
    this.#fill();
    this.#pump();
  }

  #childDied(child: QueryChild): void {
    this.#running.delete(child);
    this.#children.delete(child);
    if (child.readyAt !== undefined) {
      this.#fill(); // it had worked before: a crash, so replace it
    } else if (![...this.#children].some((other) => other.readyAt !== undefined)) {
      // It could not even start, and nothing else can run queries: fail fast instead of
      // respawning in a loop. The next run() tries again.
      const failed = new QueryError('SQL_ERROR', 'query process failed to start');
      for (const pending of this.#queue.splice(0)) pending.settle(failed);
    }
    this.#pump();
  }

  #expireQueued(pending: Pending): void {
    const index = this.#queue.indexOf(pending);
    if (index !== -1) this.#queue.splice(index, 1);
    pending.settle(QueryError.queueTimeout(pending.request.timeLimitMs));
  }
}
