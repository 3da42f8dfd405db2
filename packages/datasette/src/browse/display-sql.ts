/**
 * The SQL a table page stands for, written as a person would (filters as named parameters, no
 * keyset phases), for the "View and edit SQL" link and `?_extra=query`.
 */
import type { TableInfo } from './schema.js';
import { columnRef, quoteIdent, whereClause } from './sql.js';
import { type Filter, type Sort, tableLayout } from './table-query.js';

/** A statement with named parameters. */
export interface DisplayQuery {
  sql: string;
  params: Record<string, string>;
}

/**
 * The page's query as editable SQL.
 * @example displayQuery(birds, [{ column: 'name', value: 'Blue' }], null, 100)
 * // { sql: 'select * from "birds" where "name" = :p0 order by "id" limit 101', params: { p0: 'Blue' } }
 */
export function displayQuery(
  table: TableInfo,
  filters: readonly Filter[],
  sort: Sort | null,
  size: number,
): DisplayQuery {
  const layout = tableLayout(table, null);
  const ref = (name: string) => columnRef(name, table.rowid);
  const params: Record<string, string> = {};
  const terms = filters.map((f, i) => {
    params[`p${i}`] = f.value;
    return `${ref(f.column)} = :p${i}`;
  });
  const order: string[] = [];
  if (sort) order.push(`${ref(sort.column)}${sort.desc ? ' desc' : ''}`);
  if (layout.mode === 'keyset') order.push(...layout.keyRefs);
  const orderSql = order.length > 0 ? ` order by ${order.join(', ')}` : '';
  return {
    sql: `select ${layout.select} from ${quoteIdent(table.name)}${whereClause(terms)}${orderSql} limit ${size + 1}`,
    params,
  };
}
