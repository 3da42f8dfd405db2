/**
 * Building blocks for the SQL the browse pages generate. Identifiers are always quoted and every
 * value is a bound parameter, so no table name, column name, sort or filter argument can change
 * the shape of a statement.
 */

/**
 * One statement with positional parameters.
 * @example const q: Sql = { sql: 'select * from "t" where "id" > ?', params: [5] };
 */
export interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The keywords SQLite accepts for a table's rowid; the first not shadowed by a column is used.
 * @example ROWID_WORDS.find((w) => !columnNames.has(w)) // 'rowid'
 */
export const ROWID_WORDS = ['rowid', '_rowid_', 'oid'] as const;

/**
 * Quotes an identifier for SQLite: wrapped in double quotes, inner double quotes doubled.
 * @example quoteIdent('my "odd" table') // '"my ""odd"" table"'
 */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * A column reference: the rowid keywords stay bare (quoting `"rowid"` would still work, but the
 * bare keyword is what `EXPLAIN QUERY PLAN` and readers expect); everything else is quoted.
 * @example columnRef('rowid') // 'rowid'
 * @example columnRef('name') // '"name"'
 */
export function columnRef(name: string, rowidWord: string | null = null): string {
  return name === rowidWord ? name : quoteIdent(name);
}

/**
 * A keyset comparison `key > cursor` (or `<`), as a row value when the key has several columns.
 * @example keyCompare(['"a"', '"b"'], '>') // '("a", "b") > (?, ?)'
 */
export function keyCompare(refs: readonly string[], op: '>' | '<'): string {
  if (refs.length === 1) return `${refs[0]} ${op} ?`;
  return `(${refs.join(', ')}) ${op} (${refs.map(() => '?').join(', ')})`;
}

/**
 * `order by` terms for the given references in one direction.
 * @example orderBy(['"name"', 'rowid'], true) // '"name" desc, rowid desc'
 */
export function orderBy(refs: readonly string[], desc: boolean): string {
  return refs.map((ref) => (desc ? `${ref} desc` : ref)).join(', ');
}

/**
 * Joins `where` terms; an empty list gives an empty string.
 * @example whereClause(['"a" = ?', 'rowid > ?']) // ' where "a" = ? and rowid > ?'
 */
export function whereClause(terms: readonly string[]): string {
  return terms.length === 0 ? '' : ` where ${terms.join(' and ')}`;
}
