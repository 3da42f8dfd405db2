import { createRequire } from 'node:module';
import { redactConfig } from '../config/resolve.js';
import { definePlugin } from '../plugin/define.js';
import { VERSION } from '../version.js';
import { json } from '../web/responses.js';
import type { Route, ViewContext } from '../web/routes.js';
import { indexPage } from './index-page.js';

const require = createRequire(import.meta.url);

/** The version of this host package (re-exported from version.ts). */
export { VERSION };

/** `/` and the introspection pages (`/-/versions`, `/-/plugins`, …), each also as `.json`. */
export const infoRoutesPlugin = definePlugin({
  name: 'datasette:info-routes',
  hooks: {
    registerRoutes: () => [
      { path: '/', methods: ['GET'], handler: indexPage },
      { path: '/.json', methods: ['GET'], handler: indexPage },
      { path: '/-/', methods: ['GET'], handler: indexPage },
      ...both('/-/versions', versions),
      ...both('/-/plugins', plugins),
      ...both('/-/settings', ({ datasette }) => datasette.settings),
      ...both('/-/config', ({ datasette }) => redactConfig(datasette.config)),
      ...both('/-/databases', ({ datasette }) =>
        [...datasette.databases.values()].map((d) => ({
          name: d.name,
          path: d.path,
          is_memory: d.isMemory,
          is_mutable: !d.readOnly,
        })),
      ),
    ],
  },
});

/** A JSON endpoint at `path.json` and the same data as a page at `path`. */
function both(path: string, data: (ctx: ViewContext) => unknown): Route[] {
  const title = path.replace('/-/', '');
  return [
    {
      path: `${path}.json`,
      methods: ['GET'],
      handler: async (ctx) => json(await check(ctx, data)),
    },
    {
      path,
      methods: ['GET'],
      handler: async (ctx) =>
        ctx.datasette.renderPage(ctx.request, {
          title,
          content: (
            <>
              <h1>{title}</h1>
              <pre>{JSON.stringify(await check(ctx, data), null, 4)}</pre>
            </>
          ),
        }),
    },
  ];
}

async function check(ctx: ViewContext, data: (ctx: ViewContext) => unknown): Promise<unknown> {
  await ctx.datasette.ensurePermission({ action: 'view-instance', actor: ctx.request.actor });
  return data(ctx);
}

function versions(): unknown {
  return {
    datasette: { version: VERSION },
    node: process.versions.node,
    sqlite: { version: sqliteVersion() },
  };
}

let cachedSqlite: string | undefined;
function sqliteVersion(): string {
  if (!cachedSqlite) {
    const Db = require('better-sqlite3');
    const db = new Db(':memory:');
    cachedSqlite = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;
    db.close();
  }
  return cachedSqlite;
}

function plugins({ datasette }: ViewContext): unknown {
  return pluginList(datasette.pm.plugins, false);
}

/** The plugin list shown by `/-/plugins` and `datasette plugins`: name, version and hooks, by name. */
export function pluginList(
  list: readonly { name: string; version?: string; hooks: object }[],
  all: boolean,
) {
  return list
    .filter((p) => all || !p.name.startsWith('datasette:'))
    .map((p) => ({ name: p.name, version: p.version ?? null, hooks: Object.keys(p.hooks).sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
