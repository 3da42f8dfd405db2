import { visibility, visibleTables } from '../browse/access.js';
import { jsonResponse } from '../browse/json.js';
import type { TableInfo } from '../browse/schema.js';
import type { Database } from '../db/database.js';
import { formatNumber } from '../util/format.js';
import type { ViewContext } from '../web/routes.js';

interface DbSummary {
  name: string;
  private: boolean;
  tables: TableInfo[];
  hidden: number;
  views: number;
}

async function summarise(ctx: ViewContext, db: Database, isPrivate: boolean): Promise<DbSummary> {
  const visible = (await visibleTables(ctx.datasette, ctx.request.actor, db, false)).map(
    (v) => v.table,
  );
  return {
    name: db.name,
    private: isPrivate,
    tables: visible.filter((t) => t.kind !== 'view' && !t.hidden),
    hidden: visible.filter((t) => t.kind !== 'view' && t.hidden).length,
    views: visible.filter((t) => t.kind === 'view').length,
  };
}

/**
 * `/` and `/.json`: the databases the actor may see, with the number of tables and views in
 * each that the actor may see. The internal database is not in `datasette.databases`, so it is
 * never listed.
 */
export async function indexPage(ctx: ViewContext): Promise<Response> {
  const { datasette, request } = ctx;
  await datasette.ensurePermission({ action: 'view-instance', actor: request.actor });
  const dbs: DbSummary[] = [];
  for (const db of datasette.databases.values()) {
    const v = await visibility(datasette, request.actor, 'view-database', { database: db.name });
    if (v.visible) dbs.push(await summarise(ctx, db, v.private));
  }
  if (request.path.endsWith('.json')) {
    return jsonResponse({
      ok: true,
      databases: dbs.map((d) => ({
        name: d.name,
        path: datasette.urls.database(d.name),
        tables_count: d.tables.length,
        hidden_tables_count: d.hidden,
        views_count: d.views,
        private: d.private,
      })),
      metadata: {},
    });
  }
  return datasette.renderPage(request, {
    title: 'Datasette',
    content: (
      <>
        <h1>Datasette</h1>
        {dbs.length === 0 ? <p class="muted">No databases are attached.</p> : null}
        {dbs.map((d) => (
          <DatabaseSummary ctx={ctx} db={d} />
        ))}
      </>
    ),
  });
}

function plural(n: number, word: string): string {
  return `${formatNumber(n)} ${word}${n === 1 ? '' : 's'}`;
}

function DatabaseSummary(props: { ctx: ViewContext; db: DbSummary }) {
  const { db } = props;
  const urls = props.ctx.datasette.urls;
  return (
    <section class="db">
      <h2>
        <a href={urls.database(db.name)}>{db.name}</a>
        {db.private ? <span class="private"> (private)</span> : null}
      </h2>
      <p class="muted">
        {plural(db.tables.length, 'table')}
        {db.views ? `, ${plural(db.views, 'view')}` : ''}
        {db.hidden ? `, ${plural(db.hidden, 'hidden table')}` : ''}
      </p>
      <p>
        {db.tables.slice(0, 10).map((t, i) => (
          <>
            {i > 0 ? ', ' : ''}
            <a href={urls.table(db.name, t.name)}>{t.name}</a>
          </>
        ))}
        {db.tables.length > 10 ? '…' : ''}
      </p>
    </section>
  );
}
