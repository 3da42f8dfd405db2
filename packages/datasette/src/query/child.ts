/**
 * One forked query process and the single request it may be running. The pool decides what to
 * run where; this class only knows the process's life cycle: starting → ready → (busy ↔ idle)
 * → dead.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { QueryError } from './errors.js';
import { isReadyMessage, type WorkerReply, type WorkerRequest } from './protocol.js';
import { childExecArgv, workerScriptPath } from './spawn.js';

/** What the pool hears from a child. */
export interface ChildListener {
  /** The child loaded SQLite and can take a request. */
  ready(child: QueryChild): void;
  /** The child died without being told to (crash, OOM, external kill). */
  died(child: QueryChild): void;
}

const UNSENDABLE_PARAMS =
  'Parameters must be strings, numbers, bigints, Buffers or null (one could not be sent)';

interface InFlight {
  id: number;
  resolve(reply: WorkerReply): void;
  reject(error: Error): void;
}

/**
 * A query child process. Unref'd, so an idle pool never keeps the server process alive; its
 * IPC channel is ref'd only while a request is in flight, so a script awaiting a query still
 * gets the answer.
 *
 * @example
 * const child = new QueryChild({ ready: (c) => c.run(request).then(console.log), died() {} });
 */
export class QueryChild {
  readonly process: ChildProcess;
  /** `performance.now()` when the ready message arrived; undefined while starting. */
  readyAt: number | undefined;
  /** Resolves once the process has exited (or failed to spawn). */
  readonly exited: Promise<void>;
  /** Resolves true when the child becomes ready, false if it dies first. */
  readonly started: Promise<boolean>;
  #markStarted: (ready: boolean) => void = () => {};
  readonly #listener: ChildListener;
  #inFlight: InFlight | undefined;
  #dead = false;
  #holds = 0;

  constructor(listener: ChildListener) {
    this.#listener = listener;
    this.process = fork(workerScriptPath(), [], {
      execArgv: childExecArgv(),
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.unref();
    this.process.channel?.unref();
    this.exited = new Promise((resolve) => {
      this.process.once('exit', () => resolve());
      // A failed fork emits 'error' and never 'exit'.
      this.process.once('error', () => this.process.pid === undefined && resolve());
    });
    this.started = new Promise((resolve) => {
      this.#markStarted = resolve;
    });
    this.process.on('message', (message: unknown) => this.#onMessage(message));
    this.process.once('exit', () => this.#onDeath());
    this.process.on('error', () => this.#onDeath());
  }

  /** Ready and not running anything. */
  get idle(): boolean {
    return this.readyAt !== undefined && !this.#dead && this.#inFlight === undefined;
  }

  /**
   * Sends one request; only call when {@link idle}. Rejects with `SQL_ERROR` if the process
   * dies first. The caller enforces the time limit (and kills us when it passes).
   * @example const reply = await child.run({ id: 1, path, sql: 'select 1', maxRows: 10 });
   */
  run(request: WorkerRequest): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.#inFlight = { id: request.id, resolve, reject };
      this.hold();
      try {
        this.process.send(request, (error) => {
          // The channel is closed: the process is dying, so treat it as dead now.
          if (error) {
            this.process.kill('SIGKILL');
            this.#onDeath();
          }
        });
      } catch {
        // send() throws synchronously when a parameter cannot be cloned (a function, a symbol).
        this.#inFlight = undefined;
        this.release();
        reject(new QueryError('SQL_BAD_PARAMS', UNSENDABLE_PARAMS));
      }
    });
  }

  /**
   * Keeps the parent alive while someone awaits this child (counted, so overlapping holders
   * do not undo each other); {@link release} ends one hold.
   * @example child.hold(); await child.started; child.release();
   */
  hold(): void {
    if (this.#holds++ === 0) this.process.channel?.ref();
  }

  /** Ends one {@link hold}. @example child.release(); */
  release(): void {
    if (this.#holds > 0 && --this.#holds === 0) this.process.channel?.unref();
  }

  /**
   * SIGKILLs the process without waiting for it to go; await {@link exited} for that. A request
   * in flight is rejected. Does not notify the listener: the caller already knows.
   * @example child.kill(); await child.exited;
   */
  kill(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.process.kill('SIGKILL');
    this.#markStarted(false);
    this.#fail();
  }

  #onMessage(message: unknown): void {
    if (this.#dead) return; // a reply that raced our kill: its requester has already been answered
    if (isReadyMessage(message)) {
      this.readyAt = performance.now();
      this.#markStarted(true);
      this.#listener.ready(this);
      return;
    }
    const reply = message as WorkerReply;
    const inFlight = this.#inFlight;
    if (inFlight?.id !== reply.id) return;
    this.#inFlight = undefined;
    this.release();
    inFlight.resolve(reply);
  }

  #onDeath(): void {
    if (this.#dead) return;
    this.#dead = true;
    this.#markStarted(false);
    this.#fail();
    this.#listener.died(this);
  }

  /** Rejects the request in flight, if any, because the process is gone. */
  #fail(): void {
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    if (inFlight) this.release();
    inFlight?.reject(new QueryError('SQL_ERROR', 'query process exited'));
  }
}
