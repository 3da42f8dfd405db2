/**
 * `/DB/TABLE/PK` and `.json`: one row, found by its primary key values (comma-separated, each
 * tilde-encoded) or by rowid for tables without a primary key.
 */
import type { Database } from '../db/database.js';
import { NotFound } from '../web/errors.js';
import type { ViewContext } from '../web/routes.js';
import { crumbsFor, tableFor } from './access.js';
import { parseExtras, parseTimeLimit } from './args.js';
import { parseShape, shapeJson } from './json.js';
import { cellClass, cellText } from './results-table.js';
import type { TableInfo } from './schema.js';
import { quoteIdent } from './sql.js';
import { runPhase } from './table-data.js';
import { type TableLayout, tableLayout } from './table-query.js';

const INTEGER = /^-?\d+$/;

async function findRow(
  ctx: ViewContext,
  db: Database,
  table: TableInfo,
  layout: TableLayout,
  values: unknown[],
): Promise<{ columns: string[]; row: unknown[] } | null> {
  const where = layout.keyRefs.map((ref) => `${ref} = ?`).join(' and ');
  const query = {
    sql: `select ${layout.select} from ${quoteIdent(table.name)} where ${where} limit ?`,
    params: [...values, 1], // runPhase reads the row limit from the last parameter
    constraints: values.length,
  };
  const limit = parseTimeLimit(ctx.request.query.get('_timelimit'), ctx.datasette.settings);
  const { rows } = await runPhase(ctx.datasette, db, table, query, Date.now() + limit);
  const row = rows.rows[0];
  return row ? { columns: rows.columns, row } : null;
}

/**
 * The row page.
 * @example await rowPage(ctx, 'data', 'birds', ['1'], true)
 */
export async function rowPage(
  ctx: ViewContext,
  database: string,
  name: string,
  pk: string[],
  json: boolean,
): Promise<Response> {
  const { datasette, request } = ctx;
  const { db, table } = await tableFor(datasette, request.actor, database, name);
  const layout = tableLayout(table, null);
  const shape = parseShape(request.query.get('_shape'), false);
  const extras = parseExtras(request.query);
  if (layout.mode === 'offset' || pk.length !== layout.keyRefs.length) {
    throw new NotFound(`Row not found: ${pk.join(',')}`);
  }
  // Keys arrive as text; a column without a type affinity stores 5 and '5' differently, so an
  // integer-looking key is tried as an integer when the text finds nothing.
  let found = await findRow(ctx, db, table, layout, pk);
  if (!found && pk.some((v) => INTEGER.test(v))) {
    found = await findRow(
      ctx,
      db,
      table,
      layout,
      pk.map((v) => (INTEGER.test(v) ? Number(v) : v)),
    );
  }
  if (!found) throw new NotFound(`Row not found: ${pk.join(',')}`);
  if (json) {
    const body: Record<string, unknown> = {
      ok: true,
      database,
      table: name,
      primary_keys: table.pks,
      primary_key_values: pk,
    };
    if (extras.has('columns')) body.columns = found.columns;
    return new Response(shapeJson({ shape, columns: found.columns, rows: [found.row], body }), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  return datasette.renderPage(request, {
    title: `${database}: ${name}: ${pk.join(',')}`,
    crumbs: await crumbsFor(datasette, request.actor, database, name),
    content: (
      <>
        <h1>
          {name}: {pk.join(', ')}
        </h1>
        <table class="row-detail">
          <tbody>
            {found.columns.map((column, i) => (
              <tr>
                <th scope="row">{column}</th>
                <td class={cellClass(found.row[i])}>{cellText(found.row[i], 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p class="export-links">
          <a href={`${datasette.urls.row(database, name, pk)}.json`}>JSON</a>
        </p>
      </>
    ),
  });
}
