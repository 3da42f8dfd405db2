/**
 * `/DB` and `/DB.json`: the tables (with row counts), views and hidden tables the actor may see,
 * and the SQL box when the actor may run SQL. `/DB?sql=…` redirects to the query page.
 */
import { statSync } from 'node:fs';
import type { Database } from '../db/database.js';
import { redirect } from '../web/responses.js';
import type { ViewContext } from '../web/routes.js';
import { crumbsFor, databaseFor, visibility, visibleTables } from './access.js';
import { formatCount, tableCount } from './counts.js';
import { jsonResponse } from './json.js';
import { queryPath } from './links.js';
import type { TableInfo } from './schema.js';
import { SqlForm } from './sql-form.js';

interface TableSummary {
  table: TableInfo;
  private: boolean;
  count: number | null;
}

function fileSize(db: Database): number | null {
  try {
    return db.path === null ? null : statSync(db.path).size;
  } catch {
    return null;
  }
}

async function summaries(ctx: ViewContext, db: Database): Promise<TableSummary[]> {
  const { datasette, request } = ctx;
  const visible = await visibleTables(datasette, request.actor, db);
  const counts = await Promise.all(visible.map((v) => tableCount(datasette, db, v.table)));
  return visible.map((v, i) => ({ ...v, count: counts[i] ?? null }));
}

/**
 * The database page, or the redirect of `/DB?sql=` to `/DB/-/query?sql=` (query string kept).
 * @example await databasePage(ctx, 'data', false)
 */
export async function databasePage(
  ctx: ViewContext,
  name: string,
  json: boolean,
): Promise<Response> {
  const { datasette, request } = ctx;
  if (request.query.has('sql')) {
    return redirect(queryPath(datasette, name, json) + request.url.search);
  }
  const db = await databaseFor(datasette, request.actor, name, 'view-database');
  const vis = await visibility(datasette, request.actor, 'view-database', { database: name });
  const all = await summaries(ctx, db);
  const tables = all.filter((t) => t.table.kind !== 'view');
  const views = all.filter((t) => t.table.kind === 'view');
  const allowSql = await datasette.allowed({
    action: 'execute-sql',
    actor: request.actor,
    resource: { database: name },
  });
  if (json) {
    return jsonResponse({
      ok: true,
      database: name,
      private: vis.private,
      path: datasette.urls.database(name),
      size: fileSize(db),
      tables: tables.map((t) => ({
        name: t.table.name,
        columns: t.table.columns.map((c) => c.name),
        primary_keys: t.table.pks,
        count: t.count,
        hidden: t.table.hidden,
        private: t.private,
      })),
      views: views.map((v) => ({ name: v.table.name, private: v.private })),
      queries: [],
      allow_execute_sql: allowSql,
      metadata: {},
    });
  }
  return datasette.renderPage(request, {
    title: name,
    crumbs: await crumbsFor(datasette, request.actor, name),
    content: (
      <DatabaseBody ctx={ctx} name={name} tables={tables} views={views} allowSql={allowSql} />
    ),
  });
}

function TableList(props: { ctx: ViewContext; name: string; tables: TableSummary[] }) {
  const urls = props.ctx.datasette.urls;
  return (
    <>
      {props.tables.map((t) => (
        <div class="db-table">
          <h3>
            <a href={urls.table(props.name, t.table.name)}>{t.table.name}</a>
            {t.private ? <span class="private"> (private)</span> : null}
          </h3>
          <p class="muted">
            {t.table.kind === 'view' ? 'view' : formatCount(t.count)}
            {' · '}
            {t.table.columns.map((c) => c.name).join(', ')}
          </p>
        </div>
      ))}
    </>
  );
}

function DatabaseBody(props: {
  ctx: ViewContext;
  name: string;
  tables: TableSummary[];
  views: TableSummary[];
  allowSql: boolean;
}) {
  const { ctx, name } = props;
  const shown = props.tables.filter((t) => !t.table.hidden);
  const hidden = props.tables.filter((t) => t.table.hidden);
  return (
    <>
      <h1>{name}</h1>
      {props.allowSql ? <SqlForm action={queryPath(ctx.datasette, name)} sql="" /> : null}
      <h2>Tables</h2>
      {shown.length === 0 ? <p class="muted">No tables to show.</p> : null}
      <TableList ctx={ctx} name={name} tables={shown} />
      {props.views.length > 0 ? (
        <>
          <h2>Views</h2>
          <TableList ctx={ctx} name={name} tables={props.views} />
        </>
      ) : null}
      {hidden.length > 0 ? (
        <details class="hidden-tables">
          <summary>
            {hidden.length} hidden table{hidden.length === 1 ? '' : 's'}
          </summary>
          <TableList ctx={ctx} name={name} tables={hidden} />
        </details>
      ) : null}
    </>
  );
}
