/**
 * `/DB/-/query?sql=…` and `.json`: read-only user SQL, always run in the query pool (a child
 * process killed at `sql_time_limit_ms`, lowered by `?_timelimit=`), at most
 * `max_returned_rows` rows. Named parameters (`:name`) are read from the query string and shown
 * as form inputs. A blank query, a SQL error, a refused write or a timeout is a 400.
 */
import { BadRequest } from '../web/errors.js';
import type { ViewContext } from '../web/routes.js';
import { crumbsFor, databaseFor } from './access.js';
import { parseExtras, parseTimeLimit } from './args.js';
import { parseShape, shapeJson } from './json.js';
import { queryPath, withArgs } from './links.js';
import { namedParameters } from './named-params.js';
import { ResultsTable } from './results-table.js';
import { type Rows, runPooled } from './run.js';
import { SqlForm } from './sql-form.js';

interface Outcome {
  result: Rows | null;
  error: string | null;
  timeMs: number;
}

async function runQuery(
  ctx: ViewContext,
  database: string,
  sql: string,
  params: Record<string, string>,
): Promise<Outcome> {
  const { datasette, request } = ctx;
  const db = datasette.getDatabase(database);
  const started = performance.now();
  if (sql.trim() === '')
    return { result: null, error: 'No SQL query supplied: pass it as ?sql=', timeMs: 0 };
  try {
    const timeLimit = parseTimeLimit(request.query.get('_timelimit'), datasette.settings);
    const result = await runPooled(
      datasette,
      db,
      { sql, params },
      datasette.settings.max_returned_rows,
      timeLimit,
    );
    return { result, error: null, timeMs: performance.now() - started };
  } catch (error) {
    if (error instanceof BadRequest)
      return { result: null, error: error.message, timeMs: performance.now() - started };
    throw error;
  }
}

/**
 * The query page.
 * @example await queryPage(ctx, 'data', true)
 */
export async function queryPage(
  ctx: ViewContext,
  database: string,
  json: boolean,
): Promise<Response> {
  const { datasette, request } = ctx;
  await databaseFor(datasette, request.actor, database, 'execute-sql');
  const query = request.query;
  const sql = query.get('sql') ?? '';
  const names = namedParameters(sql);
  const params = Object.fromEntries(names.map((n) => [n, query.get(n) ?? '']));
  const shape = parseShape(query.get('_shape'), false);
  const extras = parseExtras(query);
  const outcome = json || query.has('sql') ? await runQuery(ctx, database, sql, params) : null;
  if (json) {
    if (!outcome?.result) throw new BadRequest(outcome?.error ?? 'No SQL query supplied');
    const { columns, rows, truncated } = outcome.result;
    const body: Record<string, unknown> = { ok: true, truncated };
    if (extras.has('columns')) body.columns = columns;
    return new Response(shapeJson({ shape, columns, rows, body, nl: query.get('_nl') === 'on' }), {
      headers: { 'content-type': 'application/json; charset=utf-8' },
    });
  }
  return datasette.renderPage(request, {
    title: `${database}: query`,
    status: outcome?.error ? 400 : 200,
    crumbs: await crumbsFor(datasette, request.actor, database),
    content: (
      <QueryBody ctx={ctx} database={database} sql={sql} params={params} outcome={outcome} />
    ),
  });
}

function QueryBody(props: {
  ctx: ViewContext;
  database: string;
  sql: string;
  params: Record<string, string>;
  outcome: Outcome | null;
}) {
  const { ctx, database, outcome } = props;
  const result = outcome?.result;
  const rows = result?.rows.length ?? 0;
  return (
    <>
      <h1>Custom SQL query</h1>
      <SqlForm
        action={queryPath(ctx.datasette, database)}
        sql={props.sql}
        params={Object.entries(props.params)}
      />
      {outcome?.error ? <p class="message-error query-error">{outcome.error}</p> : null}
      {result ? (
        <>
          <p class="muted">
            {rows} row{rows === 1 ? '' : 's'} in {outcome.timeMs.toFixed(1)} ms
            {result.truncated ? ` (truncated: only the first ${rows} rows are shown)` : ''}
          </p>
          {result.columns.length > 0 ? (
            <ResultsTable
              headings={result.columns.map((name) => ({ name }))}
              rows={result.rows}
              truncate={ctx.datasette.settings.truncate_cells_html}
            />
          ) : null}
          <p class="export-links">
            <a href={queryPath(ctx.datasette, database, true) + withArgs(ctx.request.query, {})}>
              JSON
            </a>
          </p>
        </>
      ) : null}
    </>
  );
}
