/**
 * Browsing data: the database, table, row and query pages and their JSON, registered as the
 * core plugin `datasette:browse`. Its routes are the last core routes, so every plugin route and
 * every `/-/…` page wins over a database called `-`.
 *
 * One route per path depth; the view parses the raw (still tilde-encoded) path itself, because
 * a `.json` suffix can only be told apart from a name by looking at literal dots, which never
 * occur in an encoded name.
 */
import { definePlugin } from '../plugin/define.js';
import { redirect } from '../web/responses.js';
import type { Route, ViewContext } from '../web/routes.js';
import { databasePage } from './database-page.js';
import { parseBrowsePath, tildeRedirect } from './paths.js';
import { queryPage } from './query-page.js';
import { rowPage } from './row-page.js';
import { tablePage } from './table-page.js';

/**
 * Dispatches a browse URL to its page.
 * @example await browseView({ datasette, request }) // for GET /data/birds.json
 */
export async function browseView(ctx: ViewContext): Promise<Response> {
  const { request, datasette } = ctx;
  const target = tildeRedirect(request.path);
  if (target !== null) return redirect(datasette.urls.path(target) + request.url.search);
  const path = parseBrowsePath(request.path);
  switch (path.kind) {
    case 'database':
      return databasePage(ctx, path.database, path.json);
    case 'table':
      return tablePage(ctx, path.database, path.table, path.json);
    case 'row':
      return rowPage(ctx, path.database, path.table, path.pk, path.json);
    case 'query':
      return queryPage(ctx, path.database, path.json);
  }
}

const ROUTES: Route[] = ['/:db', '/:db/:table', '/:db/:table/:pk'].map((path) => ({
  path,
  methods: ['GET'],
  handler: browseView,
}));

/**
 * The `datasette:browse` core plugin.
 * @example new Datasette() // registers it through corePlugins()
 */
export const browsePlugin = definePlugin({
  name: 'datasette:browse',
  hooks: { registerRoutes: () => ROUTES },
});

export { type BrowsePath, parseBrowsePath } from './paths.js';
export { type DbSchema, getSchema, type TableInfo } from './schema.js';
export { decodeToken, encodeToken } from './token.js';
