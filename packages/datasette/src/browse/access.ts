/**
 * Permission helpers shared by the browse pages: checking before looking anything up (so a
 * denied actor learns nothing about what exists), visibility with Datasette's `private` flag,
 * and breadcrumbs that only link to what the actor may see.
 */
import type { Datasette } from '../app.js';
import type { Database } from '../db/database.js';
import type { Actor, Resource } from '../types.js';
import { NotFound } from '../web/errors.js';
import type { Crumb } from '../web/layout.js';
import { getSchema, type TableInfo } from './schema.js';

/** Whether an actor may see something, and whether it is private (hidden from anonymous users). */
export interface Visibility {
  visible: boolean;
  private: boolean;
}

/**
 * Checks `action` for the actor and, when allowed, for an anonymous actor, to compute `private`
 * as Datasette does.
 * @example await visibility(datasette, actor, 'view-table', { database: 'data', table: 'birds' })
 */
export async function visibility(
  ds: Datasette,
  actor: Actor | null,
  action: string,
  resource?: Resource,
): Promise<Visibility> {
  const visible = await ds.allowed({ action, actor, resource });
  if (!visible) return { visible, private: false };
  if (actor === null) return { visible, private: false };
  return { visible, private: !(await ds.allowed({ action, actor: null, resource })) };
}

/**
 * A database after checking `action` on it (403 first, then 404 for an unknown name). The
 * internal database is not in `datasette.databases`, so it is never found.
 * @example const db = await databaseFor(datasette, request.actor, 'data', 'view-database');
 */
export async function databaseFor(
  ds: Datasette,
  actor: Actor | null,
  name: string,
  action: string,
): Promise<Database> {
  await ds.ensurePermission({ action, actor, resource: { database: name } });
  return ds.getDatabase(name);
}

/**
 * A table or view after checking `view-table` on it (403, then 404).
 * @example const { db, table } = await tableFor(datasette, actor, 'data', 'birds');
 */
export async function tableFor(
  ds: Datasette,
  actor: Actor | null,
  database: string,
  name: string,
): Promise<{ db: Database; table: TableInfo }> {
  await ds.ensurePermission({ action: 'view-table', actor, resource: { database, table: name } });
  const db = ds.getDatabase(database);
  const table = getSchema(db).tables.get(name);
  if (!table) throw new NotFound(`Table not found: ${name}`);
  return { db, table };
}

/**
 * Breadcrumbs after "home": the database, then the table, each only when the actor may view it.
 * @example await crumbsFor(datasette, actor, 'data', 'birds')
 */
export async function crumbsFor(
  ds: Datasette,
  actor: Actor | null,
  database: string,
  table?: string,
): Promise<Crumb[]> {
  const crumbs: Crumb[] = [];
  if (await ds.allowed({ action: 'view-database', actor, resource: { database } })) {
    crumbs.push({ href: ds.urls.database(database), label: database });
  }
  if (
    table !== undefined &&
    (await ds.allowed({ action: 'view-table', actor, resource: { database, table } }))
  ) {
    crumbs.push({ href: ds.urls.table(database, table), label: table });
  }
  return crumbs;
}

/**
 * The tables and views of a database the actor may see. With `withPrivate`, each also says
 * whether it is private (one more check per table, for an anonymous actor).
 * @example (await visibleTables(datasette, actor, db)).map((t) => t.table.name)
 */
export async function visibleTables(
  ds: Datasette,
  actor: Actor | null,
  db: Database,
  withPrivate = true,
): Promise<{ table: TableInfo; private: boolean }[]> {
  const out: { table: TableInfo; private: boolean }[] = [];
  for (const table of getSchema(db).tables.values()) {
    const resource = { database: db.name, table: table.name };
    if (withPrivate) {
      const v = await visibility(ds, actor, 'view-table', resource);
      if (v.visible) out.push({ table, private: v.private });
    } else if (await ds.allowed({ action: 'view-table', actor, resource })) {
      out.push({ table, private: false });
    }
  }
  return out;
}
