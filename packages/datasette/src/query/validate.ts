/**
 * Up-front checks of the pool's options and requests. These are programming errors (a view
 * passing the wrong thing), so they throw TypeError/RangeError with a specific message rather
 * than a QueryError meant for the user.
 */
import type { QueryPoolOptions, QueryRequest } from './types.js';

const KNOWN_REQUEST_KEYS = new Set(['path', 'sql', 'params', 'maxRows', 'timeLimitMs']);
const KNOWN_OPTION_KEYS = new Set(['size', 'spares']);

function checkInteger(value: unknown, name: string, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${name} must be an integer, got ${typeof value}`);
  }
  if (value < min) throw new RangeError(`${name} must be at least ${min}, got ${value}`);
}

/** Catches misspelt keys such as `timeLimit` or `max_rows`, which would otherwise be ignored. */
function checkKeys(value: object, known: Set<string>, what: string): void {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      throw new TypeError(`Unknown ${what} "${key}"; expected one of: ${[...known].join(', ')}`);
    }
  }
}

/**
 * Fills in defaults and checks the pool's options.
 * @example validatePoolOptions({}) // { size: 3, spares: 1 }
 */
export function validatePoolOptions(options: QueryPoolOptions): { size: number; spares: number } {
  checkKeys(options, KNOWN_OPTION_KEYS, 'QueryPool option');
  const { size = 3, spares = 1 } = options;
  checkInteger(size, 'size', 1);
  checkInteger(spares, 'spares', 0);
  return { size, spares };
}

/**
 * Checks one request to `QueryPool.run`.
 * @example validateRequest({ path: 'x.db', sql: 'select 1', maxRows: 10, timeLimitMs: 0 }) // throws RangeError
 */
export function validateRequest(request: QueryRequest): void {
  if (typeof request !== 'object' || request === null) {
    throw new TypeError('QueryPool.run expects a request object');
  }
  checkKeys(request, KNOWN_REQUEST_KEYS, 'query request key');
  if (typeof request.path !== 'string' || request.path === '' || request.path === ':memory:') {
    // A child process cannot see the server's in-memory databases.
    throw new TypeError('path must be a database file path, not an in-memory database');
  }
  if (typeof request.sql !== 'string') throw new TypeError('sql must be a string');
  checkInteger(request.maxRows, 'maxRows', 0);
  checkInteger(request.timeLimitMs, 'timeLimitMs', 1);
  const { params } = request;
  if (params !== undefined && (typeof params !== 'object' || params === null)) {
    throw new TypeError('params must be an array (for ?) or an object (for :name)');
  }
}
