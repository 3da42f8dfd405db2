/**
 * The query-string arguments of the browse pages, validated up front with messages that say how
 * to fix them. As in Datasette, an argument starting with `_` and not containing `__` is a
 * special argument (`_size`, `_sort`…); unknown special arguments are ignored, so plugins can
 * add their own. Every other argument filters by a column: `?col=value` or `?col__exact=value`
 * (the second form reaches a column whose name starts with `_`).
 */
import type { Settings } from '../config/settings.js';
import { BadRequest } from '../web/errors.js';
import { parseShape, type Shape } from './json.js';
import type { TableInfo } from './schema.js';
import type { Filter, Sort } from './table-query.js';

/**
 * Extra keys a JSON body can ask for with `?_extra=a,b` (or repeated `_extra`).
 * @example EXTRAS.includes('count') // true
 */
export const EXTRAS = ['columns', 'count', 'primary_keys', 'query', 'database', 'table'] as const;

/** Parsed arguments of a table page. */
export interface TableArgs {
  filters: Filter[];
  sort: Sort | null;
  size: number;
  next: string | null;
  shape: Shape;
  extras: Set<string>;
  nl: boolean;
  timeLimitMs: number;
}

/**
 * True for `_size`, `_sort`…: special arguments rather than column filters.
 * @example isSpecial('_sort') // true
 * @example isSpecial('_col__exact') // false
 */
export function isSpecial(key: string): boolean {
  return key.startsWith('_') && !key.includes('__');
}

/**
 * The column names a filter or sort may use: the table's columns, plus the rowid keyword for
 * tables that show it.
 * @example filterableColumns(plain) // Set { 'rowid', 'a', 'b' }
 */
export function filterableColumns(table: TableInfo): Set<string> {
  const names = new Set(table.columns.map((c) => c.name));
  if (table.rowid !== null && table.pks.length === 0) names.add(table.rowid);
  return names;
}

function parseFilters(query: URLSearchParams, columns: Set<string>): Filter[] {
  const filters: Filter[] = [];
  for (const [key, value] of query) {
    if (isSpecial(key)) continue;
    let column = key;
    if (key.includes('__')) {
      const op = key.slice(key.lastIndexOf('__') + 2);
      if (op !== 'exact') {
        throw new BadRequest(
          `Unsupported filter "${key}": only exact matches (?column=value) are supported`,
        );
      }
      column = key.slice(0, key.lastIndexOf('__'));
    }
    if (!columns.has(column)) throw new BadRequest(`Cannot filter by "${column}": no such column`);
    filters.push({ column, value });
  }
  return filters;
}

function parseSort(query: URLSearchParams, columns: Set<string>): Sort | null {
  const asc = query.get('_sort');
  const desc = query.get('_sort_desc');
  if (asc && desc) throw new BadRequest('Cannot use _sort and _sort_desc at the same time');
  const column = asc || desc;
  if (!column) return null;
  if (!columns.has(column))
    throw new BadRequest(`Cannot sort table by "${column}": no such column`);
  return { column, desc: !asc };
}

/**
 * `?_size=N|max`: default `default_page_size`, at most `max_returned_rows`.
 * @example parseSize('max', settings) // settings.max_returned_rows
 */
export function parseSize(value: string | null, settings: Settings): number {
  if (value === null || value === '') return settings.default_page_size;
  if (value === 'max') return settings.max_returned_rows;
  if (!/^\d+$/.test(value)) throw new BadRequest('_size must be a positive integer or "max"');
  const size = Number(value);
  if (size > settings.max_returned_rows) {
    throw new BadRequest(`_size must be <= ${settings.max_returned_rows} (max_returned_rows)`);
  }
  return size;
}

/**
 * The time limit for this request: `sql_time_limit_ms`, lowered (never raised) by
 * `?_timelimit=`. A setting of 0 means no limit, as in Datasette.
 * @example parseTimeLimit('50', settings) // 50
 */
export function parseTimeLimit(value: string | null, settings: Settings): number {
  const limit = settings.sql_time_limit_ms > 0 ? settings.sql_time_limit_ms : 2 ** 31 - 1;
  if (value === null || value === '') return limit;
  if (!/^\d+$/.test(value) || Number(value) < 1) {
    throw new BadRequest('_timelimit must be a positive number of milliseconds');
  }
  return Math.min(limit, Number(value));
}

/**
 * `?_extra=columns,count` (repeatable), 400 for an unknown name.
 * @example parseExtras(new URLSearchParams('_extra=columns')) // Set { 'columns' }
 */
export function parseExtras(query: URLSearchParams): Set<string> {
  const extras = new Set<string>();
  for (const value of query.getAll('_extra')) {
    for (const name of value.split(',')) {
      if (name === '') continue;
      if (!(EXTRAS as readonly string[]).includes(name)) {
        throw new BadRequest(`Unknown _extra "${name}" (use ${EXTRAS.join(', ')})`);
      }
      extras.add(name);
    }
  }
  return extras;
}

/**
 * Reads and validates a table page's arguments.
 * @example parseTableArgs(new URLSearchParams('name=Blue&_sort=id'), table, settings)
 */
export function parseTableArgs(
  query: URLSearchParams,
  table: TableInfo,
  settings: Settings,
): TableArgs {
  const columns = filterableColumns(table);
  return {
    filters: parseFilters(query, columns),
    sort: parseSort(query, columns),
    size: parseSize(query.get('_size'), settings),
    next: query.get('_next') || null,
    shape: parseShape(query.get('_shape'), true),
    extras: parseExtras(query),
    nl: query.get('_nl') === 'on',
    timeLimitMs: parseTimeLimit(query.get('_timelimit'), settings),
  };
}
