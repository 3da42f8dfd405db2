/**
 * `/DB/TABLE` and `/DB/TABLE.json`: a page of rows, keyset-paginated, sortable and filterable by
 * exact column value. Views use the same page, paginated by offset in the query pool.
 */
import { BadRequest } from '../web/errors.js';
import { redirect } from '../web/responses.js';
import type { ViewContext } from '../web/routes.js';
import { crumbsFor, tableFor } from './access.js';
import { isSpecial, parseTableArgs, type TableArgs } from './args.js';
import { filteredCount } from './counts.js';
import { displayQuery } from './display-sql.js';
import { shapeJson } from './json.js';
import { absoluteUrl, queryString, withArgs } from './links.js';
import type { TableInfo } from './schema.js';
import { fetchPage, type Page, rowKey } from './table-data.js';
import { TableBody } from './table-html.js';

/** `?_filter_column=c&_filter_value=v` (the filter form) becomes `?c=v`. */
function filterFormRedirect(ctx: ViewContext, database: string, name: string): Response | null {
  const query = ctx.request.query;
  if (!query.has('_filter_column')) return null;
  const column = query.get('_filter_column') ?? '';
  const pairs = [...query].filter(
    ([k]) => !['_filter_column', '_filter_value', '_next'].includes(k),
  );
  if (column !== '') {
    pairs.push([
      isSpecial(column) || column.includes('__') ? `${column}__exact` : column,
      query.get('_filter_value') ?? '',
    ]);
  }
  return redirect(ctx.datasette.urls.table(database, name) + queryString(pairs));
}

async function tableJson(
  ctx: ViewContext,
  database: string,
  table: TableInfo,
  args: TableArgs,
  page: Page,
) {
  const { datasette, request } = ctx;
  if (args.shape === 'object' && page.layout.mode === 'offset') {
    throw new BadRequest('_shape=object needs a table with a primary key or rowid');
  }
  const nextPath = page.next
    ? datasette.urls.table(database, table.name, 'json') +
      withArgs(request.query, { _next: page.next })
    : null;
  const nextUrl = nextPath ? absoluteUrl(datasette, request, nextPath) : null;
  const body: Record<string, unknown> = {
    ok: true,
    next: page.next,
    next_url: nextUrl,
    truncated: false,
  };
  const { extras } = args;
  if (extras.has('database')) body.database = database;
  if (extras.has('table')) body.table = table.name;
  if (extras.has('columns')) body.columns = page.columns;
  if (extras.has('primary_keys')) body.primary_keys = table.pks;
  if (extras.has('count'))
    body.count = await filteredCount(
      datasette,
      datasette.getDatabase(database),
      table,
      args.filters,
    );
  if (extras.has('query')) body.query = displayQuery(table, args.filters, args.sort, args.size);
  const text = shapeJson({
    shape: args.shape,
    columns: page.columns,
    rows: page.rows,
    body,
    keyOf: (row) => rowKey(page.layout, row).map(String).join(','),
    nl: args.nl,
  });
  return new Response(text, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      ...(nextUrl ? { link: `<${nextUrl}>; rel="next"` } : {}),
    },
  });
}

/**
 * The table (or view) page.
 * @example await tablePage(ctx, 'data', 'birds', true)
 */
export async function tablePage(
  ctx: ViewContext,
  database: string,
  name: string,
  json: boolean,
): Promise<Response> {
  const { datasette, request } = ctx;
  const { db, table } = await tableFor(datasette, request.actor, database, name);
  const formRedirect = json ? null : filterFormRedirect(ctx, database, name);
  if (formRedirect) return formRedirect;
  const args = parseTableArgs(request.query, table, datasette.settings);
  const page = await fetchPage(datasette, db, { table, ...args });
  if (json) return tableJson(ctx, database, table, args, page);
  const count =
    table.kind === 'view' ? null : await filteredCount(datasette, db, table, args.filters);
  const allowSql = await datasette.allowed({
    action: 'execute-sql',
    actor: request.actor,
    resource: { database },
  });
  return datasette.renderPage(request, {
    title: `${database}: ${name}`,
    crumbs: await crumbsFor(datasette, request.actor, database),
    content: (
      <TableBody
        ctx={ctx}
        database={database}
        table={table}
        args={args}
        page={page}
        count={count}
        query={allowSql ? displayQuery(table, args.filters, args.sort, args.size) : null}
      />
    ),
  });
}
