/**
 * Fetching one page of a table or view: plan the statements (table-query.ts), run each where it
 * is safe (run.ts), and work out the `_next` token.
 */
import type { Datasette } from '../app.js';
import type { Database } from '../db/database.js';
import { planIsBounded, type Rows, runLocal, runPooled } from './run.js';
import type { TableInfo } from './schema.js';
import type { Sql } from './sql.js';
import {
  cursorPositions,
  type Filter,
  keysetPhases,
  offsetQuery,
  type Phase,
  type Sort,
  type TableLayout,
  tableLayout,
} from './table-query.js';
import { decodeOffset, decodeToken, encodeToken } from './token.js';

/** What to fetch. */
export interface PageRequest {
  table: TableInfo;
  filters: Filter[];
  sort: Sort | null;
  size: number;
  next: string | null;
  timeLimitMs: number;
}

/** One page of rows. */
export interface Page {
  layout: TableLayout;
  columns: string[];
  rows: unknown[][];
  next: string | null;
  /** Milliseconds spent running SQL. */
  timeMs: number;
  /** How many statements ran in the server process and in the query pool. */
  local: number;
  pooled: number;
}

/**
 * Runs one statement of a browse page where it is safe to: in the server process when its plan
 * is bounded, otherwise in the query pool until `deadline` (a `Date.now()` value). The statement
 * must end in `limit ?`, its last parameter.
 * @example await runPhase(datasette, db, table, { sql, params, constraints: 1 }, Date.now() + 1000)
 */
export async function runPhase(
  ds: Datasette,
  db: Database,
  table: TableInfo,
  query: Phase,
  deadline: number,
): Promise<{ rows: Rows; local: boolean }> {
  const local =
    db.path === null ||
    (table.kind === 'table' && table.planSafe && planIsBounded(db, query, query.constraints));
  if (local) return { rows: runLocal(db, query), local };
  const limit = query.params[query.params.length - 1] as number;
  return { rows: await runPooled(ds, db, query, limit, Math.max(1, deadline - Date.now())), local };
}

async function keysetPage(
  ds: Datasette,
  db: Database,
  req: PageRequest,
  layout: TableLayout,
): Promise<Page> {
  const positions = cursorPositions(req.table, layout, req.sort);
  const cursor = req.next === null ? null : decodeToken(req.next, positions.length);
  const deadline = Date.now() + req.timeLimitMs;
  const phases = keysetPhases(req.table, layout, req.filters, req.sort, req.size + 1, cursor);
  const rows: unknown[][] = [];
  let columns = layout.columns;
  let local = 0;
  let pooled = 0;
  for (const phase of phases) {
    const need = req.size + 1 - rows.length;
    if (need <= 0) break;
    phase.params[phase.params.length - 1] = need;
    const result = await runPhase(ds, db, req.table, phase, deadline);
    if (result.local) local++;
    else pooled++;
    columns = result.rows.columns.slice(0, layout.width);
    rows.push(...result.rows.rows);
  }
  const last = rows.length > req.size && req.size > 0 ? rows[req.size - 1] : undefined;
  return {
    layout,
    columns,
    rows: rows
      .slice(0, req.size)
      .map((row) => (row.length > layout.width ? row.slice(0, layout.width) : row)),
    next: last ? encodeToken(positions.map((p) => last[p])) : null,
    timeMs: 0,
    local,
    pooled,
  };
}

async function offsetPage(
  ds: Datasette,
  db: Database,
  req: PageRequest,
  layout: TableLayout,
): Promise<Page> {
  const offset = req.next === null ? 0 : decodeOffset(req.next);
  const query: Sql = offsetQuery(req.table, layout, req.filters, req.sort, req.size + 1, offset);
  const result =
    db.path === null
      ? runLocal(db, query)
      : await runPooled(ds, db, query, req.size + 1, req.timeLimitMs);
  const more = result.rows.length > req.size && req.size > 0;
  return {
    layout,
    columns: result.columns,
    rows: result.rows.slice(0, req.size),
    next: more ? String(offset + req.size) : null,
    timeMs: 0,
    local: db.path === null ? 1 : 0,
    pooled: db.path === null ? 0 : 1,
  };
}

/**
 * One page of a table or view.
 * @example const page = await fetchPage(datasette, db, { table, filters: [], sort: null, size: 100, next: null, timeLimitMs: 1000 });
 */
export async function fetchPage(ds: Datasette, db: Database, req: PageRequest): Promise<Page> {
  const started = performance.now();
  const layout = tableLayout(req.table, req.sort);
  const page =
    layout.mode === 'offset'
      ? await offsetPage(ds, db, req, layout)
      : await keysetPage(ds, db, req, layout);
  page.timeMs = performance.now() - started;
  return page;
}

/**
 * The key of a row as shown in row URLs and `_shape=object`: its primary key values (or rowid).
 * @example rowKey(page, row) // ['1', 'a']
 */
export function rowKey(layout: TableLayout, row: readonly unknown[]): unknown[] {
  return layout.keyPositions.map((p) => row[p]);
}
