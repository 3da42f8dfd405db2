import { json } from '../web/responses.js';
import type { ViewContext } from '../web/routes.js';

interface DbSummary {
  name: string;
  path: string | null;
  tables: string[];
  views_count: number;
}

/** `/` and `/.json`: the attached databases and their tables. */
export async function indexPage({ datasette, request }: ViewContext): Promise<Response> {
  await datasette.ensurePermission({ action: 'view-instance', actor: request.actor });
  const dbs: DbSummary[] = [];
  for (const db of datasette.databases.values()) {
    if (
      !(await datasette.allowed({
        action: 'view-database',
        actor: request.actor,
        resource: { database: db.name },
      }))
    )
      continue;
    const rows = db.all<{ name: string; type: string }>(
      "select name, type from sqlite_master where type in ('table','view') and name not like 'sqlite_%' order by name",
    );
    dbs.push({
      name: db.name,
      path: db.path,
      tables: rows.filter((r) => r.type === 'table').map((r) => r.name),
      views_count: rows.filter((r) => r.type === 'view').length,
    });
  }
  if (request.path.endsWith('.json')) {
    return json({
      ok: true,
      databases: dbs.map((d) => ({
        name: d.name,
        path: d.path,
        tables_count: d.tables.length,
        views_count: d.views_count,
      })),
    });
  }
  return datasette.renderPage(request, {
    title: 'Datasette',
    content: (
      <>
        <h1>Datasette</h1>
        {dbs.length === 0 ? <p class="muted">No databases are attached.</p> : null}
        {dbs.map((d) => (
          <section class="db">
            <h2>
              <a href={datasette.urls.database(d.name)}>{d.name}</a>
            </h2>
            <p class="muted">
              {d.tables.length} table{d.tables.length === 1 ? '' : 's'}
              {d.views_count ? `, ${d.views_count} view${d.views_count === 1 ? '' : 's'}` : ''}
            </p>
            <p>
              {d.tables.slice(0, 10).map((t, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={datasette.urls.table(d.name, t)}>{t}</a>
                </>
              ))}
              {d.tables.length > 10 ? '…' : ''}
            </p>
          </section>
        ))}
      </>
    ),
  });
}
