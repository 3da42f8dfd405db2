/**
 * The HTML body of a table page: count, active filters, the filter form, sortable headings,
 * rows linking to their row pages, and the next-page link.
 */
import type { ViewContext } from '../web/routes.js';
import { filterableColumns, type TableArgs } from './args.js';
import { formatCount } from './counts.js';
import type { DisplayQuery } from './display-sql.js';
import { queryPath, queryString, withArgs, withoutPair } from './links.js';
import { type Heading, ResultsTable, type RowLinks } from './results-table.js';
import type { TableInfo } from './schema.js';
import { type Page, rowKey } from './table-data.js';

/** Props of {@link TableBody}. */
export interface TableBodyProps {
  ctx: ViewContext;
  database: string;
  table: TableInfo;
  args: TableArgs;
  page: Page;
  count: number | null;
  /** The "View and edit SQL" query; null when the actor may not run SQL. */
  query: DisplayQuery | null;
}

function headings(props: TableBodyProps): Heading[] {
  const query = props.ctx.request.query;
  const sortable = filterableColumns(props.table);
  const sort = props.args.sort;
  return props.page.columns.map((name) => {
    if (!sortable.has(name)) return { name };
    const current = sort?.column === name ? sort : null;
    const href = withArgs(query, {
      _next: null,
      _sort: current && !current.desc ? null : name,
      _sort_desc: current && !current.desc ? name : null,
    });
    const arrow = current ? (current.desc ? ' ▼' : ' ▲') : '';
    return { name, content: <a href={href}>{`${name}${arrow}`}</a> };
  });
}

function rowLinks(props: TableBodyProps): RowLinks | undefined {
  const { layout } = props.page;
  if (layout.mode === 'offset') return undefined;
  const urls = props.ctx.datasette.urls;
  return {
    column: layout.keyPositions.length === 1 ? (layout.keyPositions[0] ?? null) : null,
    href: (row) => urls.row(props.database, props.table.name, rowKey(layout, row)),
    label: (row) => rowKey(layout, row).map(String).join(','),
  };
}

function Filters(props: TableBodyProps) {
  const query = props.ctx.request.query;
  const tableUrl = props.ctx.datasette.urls.table(props.database, props.table.name);
  // The form replaces the query string: carry the current arguments over as hidden fields.
  const kept = [...query].filter(
    ([k]) => !['_next', '_filter_column', '_filter_value'].includes(k),
  );
  return (
    <>
      {props.args.filters.length > 0 ? (
        <ul class="active-filters">
          {props.args.filters.map((f) => {
            const key = [...query].find(
              ([k, v]) => v === f.value && (k === f.column || k === `${f.column}__exact`),
            );
            return (
              <li>
                <code>{f.column}</code> = <code>{f.value}</code>{' '}
                <a href={tableUrl + withoutPair(query, key?.[0] ?? f.column, f.value)}>remove</a>
              </li>
            );
          })}
        </ul>
      ) : null}
      <form class="filters" method="get" action={tableUrl}>
        {kept.map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
        <label for="filter-column">Filter rows where</label>
        <select id="filter-column" name="_filter_column">
          {[...filterableColumns(props.table)].map((c) => (
            <option value={c}>{c}</option>
          ))}
        </select>{' '}
        = <input type="text" name="_filter_value" aria-label="value" />{' '}
        <button type="submit">Apply</button>
      </form>
    </>
  );
}

/**
 * The table page's content.
 * @example <TableBody ctx={ctx} database="data" table={table} args={args} page={page} count={3} query={null} />
 */
export function TableBody(props: TableBodyProps) {
  const { ctx, database, table, page, args } = props;
  const urls = ctx.datasette.urls;
  const sortNote = args.sort
    ? ` sorted by ${args.sort.column}${args.sort.desc ? ' descending' : ''}`
    : '';
  return (
    <>
      <h1>
        {table.name}
        {table.kind === 'view' ? <span class="muted"> (view)</span> : null}
      </h1>
      <p class="table-count">
        {table.kind === 'view' ? 'View' : formatCount(props.count)}
        {args.filters.length > 0 ? ' matching the filters' : ''}
        {sortNote}
      </p>
      <Filters {...props} />
      {page.rows.length === 0 ? (
        <p class="muted">No rows.</p>
      ) : (
        <ResultsTable
          headings={headings(props)}
          rows={page.rows}
          truncate={ctx.datasette.settings.truncate_cells_html}
          links={rowLinks(props)}
        />
      )}
      {page.next ? (
        <p class="pager">
          <a href={withArgs(ctx.request.query, { _next: page.next })}>Next page</a>
        </p>
      ) : null}
      <p class="export-links">
        <a href={urls.table(database, table.name, 'json') + withArgs(ctx.request.query, {})}>
          JSON
        </a>
        {props.query ? (
          <>
            {' · '}
            <a
              href={
                queryPath(ctx.datasette, database) +
                queryString([['sql', props.query.sql], ...Object.entries(props.query.params)])
              }
            >
              View and edit SQL
            </a>
          </>
        ) : null}
      </p>
    </>
  );
}
