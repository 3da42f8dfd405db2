/**
 * The SQL for one page of a table: keyset pagination, never OFFSET, so page 5,000 costs what
 * page 1 costs.
 *
 * Unsorted pages are ordered by the primary key (or rowid) and continue with `key > cursor`.
 * A sorted page is ordered by `(sort column, tie-breaker)`, where the tie-breaker is the rowid
 * (or the primary key of a WITHOUT ROWID table), which an index on the sort column already holds.
 * Continuing after `(v, t)` is split into range reads that each follow one index in order:
 *
 * | order | after `(v, t)`                                        | after `(NULL, t)`                          |
 * |-------|--------------------------------------------------------|--------------------------------------------|
 * | asc   | `s = v and t' > t`, then `s > v`                       | `s is null and t' > t`, then `s is not null` |
 * | desc  | `s = v and t' < t`, then `s < v`, then `s is null`     | `s is null and t' < t`                      |
 *
 * SQLite sorts NULL first ascending and last descending, and the phases follow that. Each phase
 * runs only if the previous ones returned fewer rows than the page needs. (A single row-value
 * comparison `(s, t') > (v, t)` would be simpler, but SQLite seeks only on `s` with it and then
 * scans every row of a large tie group.)
 */
import type { TableInfo } from './schema.js';
import { columnRef, keyCompare, orderBy, quoteIdent, type Sql, whereClause } from './sql.js';

/** `?col=value`: rows whose column equals the value. */
export interface Filter {
  column: string;
  value: string;
}

/** `?_sort=col` or `?_sort_desc=col`. */
export interface Sort {
  column: string;
  desc: boolean;
}

/** One phase: its statement and how many `?` its plan must use to count as an index range. */
export interface Phase extends Sql {
  constraints: number;
}

/** How rows of a table are selected and keyed; see {@link tableLayout}. */
export interface TableLayout {
  /** The select list and the number of columns shown (a trailing hidden rowid is dropped). */
  select: string;
  width: number;
  /** Output column names, in order. */
  columns: string[];
  /** Positions (in a raw row) of the row's key: primary key values, or the rowid. */
  keyPositions: number[];
  keyRefs: string[];
  /** `offset` for views and tables without a usable key, which page by offset in the pool. */
  mode: 'keyset' | 'offset';
}

function positionsOf(table: TableInfo, names: readonly string[], prefix: number): number[] {
  return names.map((name) => {
    if (name === table.rowid && table.pks.length === 0) return 0;
    if (name === table.rowid) return prefix + table.columns.length; // the hidden last column
    return prefix + table.columns.findIndex((c) => c.name === name);
  });
}

/**
 * How a table's pages select rows: tables keyed only by rowid show it as the first column;
 * a sorted page of a rowid table with another primary key selects the rowid as a hidden last
 * column, as its tie-breaker.
 * @example tableLayout(birds, null).select // '*'
 */
export function tableLayout(table: TableInfo, sort: Sort | null): TableLayout {
  const w = table.rowid;
  const names = table.columns.map((c) => c.name);
  const showRowid = w !== null && table.pks.length === 0;
  const key = table.pks.length > 0 ? table.pks : w ? [w] : [];
  const hiddenRowid = sort !== null && w !== null && !showRowid && table.rowidAlias === null;
  const select = `${showRowid ? `${w} as ${quoteIdent(w)}, ` : ''}*${hiddenRowid ? `, ${w}` : ''}`;
  const columns = showRowid ? [w, ...names] : names;
  return {
    select,
    width: columns.length,
    columns,
    keyPositions: positionsOf(table, key, showRowid ? 1 : 0),
    keyRefs: key.map((k) => columnRef(k, w)),
    mode: table.kind === 'view' || key.length === 0 ? 'offset' : 'keyset',
  };
}

/**
 * The tie-breaker of sorted pages: rowid when the table has one, else its primary key.
 * @example tieBreaker(withoutRowidTable) // ['code']
 */
export function tieBreaker(table: TableInfo): string[] {
  return table.rowid !== null ? [table.rowidAlias ?? table.rowid] : table.pks;
}

/**
 * Positions (in a raw row) of the values a `_next` token holds: the key for unsorted pages,
 * the sort column and the tie-breaker for sorted ones.
 * @example cursorPositions(birds, layout, { column: 'name', desc: false }) // [1, 0]
 */
export function cursorPositions(
  table: TableInfo,
  layout: TableLayout,
  sort: Sort | null,
): number[] {
  if (sort === null) return layout.keyPositions;
  const showRowid = table.rowid !== null && table.pks.length === 0;
  const names = sortsByKey(table, sort) ? [sort.column] : [sort.column, ...tieBreaker(table)];
  return positionsOf(table, names, showRowid ? 1 : 0);
}

/** True when the sort column is itself the unique tie-breaker (`_sort=id`): one key, one value. */
function sortsByKey(table: TableInfo, sort: Sort): boolean {
  const tie = tieBreaker(table);
  return tie.length === 1 && tie[0] === sort.column;
}

/** Everything a phase needs besides its own conditions. */
interface PhaseBase {
  from: string;
  select: string;
  filters: { terms: string[]; params: unknown[] };
  limit: number;
}

function phase(
  base: PhaseBase,
  terms: string[],
  params: unknown[],
  order: string,
  extra: number,
): Phase {
  const where = [...base.filters.terms, ...terms];
  return {
    sql: `select ${base.select} from ${base.from}${whereClause(where)} order by ${order} limit ?`,
    params: [...base.filters.params, ...params, base.limit],
    constraints: base.filters.params.length + params.length + extra,
  };
}

/** Phases of an unsorted page (or one sorted by its own single-column key). */
function keyPhases(
  base: PhaseBase,
  refs: string[],
  desc: boolean,
  cursor: unknown[] | null,
): Phase[] {
  const order = orderBy(refs, desc);
  if (cursor === null) return [phase(base, [], [], order, 0)];
  return [phase(base, [keyCompare(refs, desc ? '<' : '>')], cursor, order, 0)];
}

/** Phases of a sorted page; see the module comment. `cursor` is `[v, ...t]`. */
function sortPhases(
  base: PhaseBase,
  s: string,
  tie: string[],
  desc: boolean,
  cursor: unknown[] | null,
): Phase[] {
  const byTie = orderBy(tie, desc);
  const bySort = orderBy([s, ...tie], desc);
  if (cursor === null) return [phase(base, [], [], bySort, 0)];
  const [v, ...t] = cursor;
  const after = keyCompare(tie, desc ? '<' : '>');
  if (v === null) {
    const nulls = phase(base, [`${s} is null`, after], t, byTie, 1);
    return desc ? [nulls] : [nulls, phase(base, [`${s} is not null`], [], bySort, 1)];
  }
  const ties = phase(base, [`${s} = ?`, after], [v, ...t], byTie, 0);
  const beyond = phase(base, [`${s} ${desc ? '<' : '>'} ?`], [v], bySort, 0);
  return desc ? [ties, beyond, phase(base, [`${s} is null`], [], byTie, 1)] : [ties, beyond];
}

/**
 * The phases of one keyset page: at most `limit` rows each, run in order until the page is full.
 * @example keysetPhases(birds, layout, [], null, 101, [500]) // [{ sql: 'select * from "birds" where "id" > ? order by "id" limit ?', params: [500, 101], constraints: 1 }]
 */
export function keysetPhases(
  table: TableInfo,
  layout: TableLayout,
  filters: readonly Filter[],
  sort: Sort | null,
  limit: number,
  cursor: unknown[] | null,
): Phase[] {
  const ref = (name: string) => columnRef(name, table.rowid);
  const base: PhaseBase = {
    from: quoteIdent(table.name),
    select: layout.select,
    filters: {
      terms: filters.map((f) => `${ref(f.column)} = ?`),
      params: filters.map((f) => f.value),
    },
    limit,
  };
  if (sort === null) return keyPhases(base, layout.keyRefs, false, cursor);
  const s = ref(sort.column);
  if (sortsByKey(table, sort)) return keyPhases(base, [s], sort.desc, cursor);
  return sortPhases(base, s, tieBreaker(table).map(ref), sort.desc, cursor);
}

/**
 * The statement of an offset page (views, and tables with no usable key).
 * @example offsetQuery(view, layout, [], null, 101, 0).sql // 'select * from "v" limit ? offset ?'
 */
export function offsetQuery(
  table: TableInfo,
  layout: TableLayout,
  filters: readonly Filter[],
  sort: Sort | null,
  limit: number,
  offset: number,
): Sql {
  const terms = filters.map((f) => `${quoteIdent(f.column)} = ?`);
  const order = sort ? ` order by ${quoteIdent(sort.column)}${sort.desc ? ' desc' : ''}` : '';
  return {
    sql: `select ${layout.select} from ${quoteIdent(table.name)}${whereClause(terms)}${order} limit ? offset ?`,
    params: [...filters.map((f) => f.value), limit, offset],
  };
}
