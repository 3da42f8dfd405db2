/**
 * The permission matrix of the browse pages: view-instance (`/`), view-database (`/DB`),
 * view-table (table and row pages) and execute-sql (query page), each as HTML and JSON, under
 * `allow`, `allow_sql` and `permissions` blocks at instance, database and table level, with
 * `--default-deny` and `--root`; denied tables are hidden from the listings.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { validateConfig } from '../src/config/load.js';
import type { Actor, Datasette, DatasetteOptions } from '../src/index.js';
import { fixtureHost, getJson, makeFixtureDb } from './browse-fixtures.js';
import { tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('ds-browse-perms-');
let file: string;
const hosts: Datasette[] = [];
before(() => {
  file = makeFixtureDb(dir);
});
afterEach(async () => {
  for (const ds of hosts.splice(0)) await ds.close();
});
after(cleanup);

async function host(
  config: Record<string, unknown>,
  options: DatasetteOptions = {},
): Promise<Datasette> {
  // One query process (plus its spare) per host keeps this file quick: it starts many hosts.
  const settings = { num_sql_threads: 1, ...(config.settings as object) };
  const ds = await fixtureHost(file, {
    config: validateConfig({ ...config, settings }, 'test'),
    ...options,
  });
  hosts.push(ds);
  return ds;
}

const ADMIN: Actor = { id: 'admin' };
const PAGES = {
  index: '/',
  database: '/data',
  table: '/data/birds',
  row: '/data/birds/1',
  query: '/data/-/query?sql=select+1',
} as const;
type PageName = keyof typeof PAGES;

/** Status of every page (HTML and JSON must agree) for an actor. */
async function statuses(ds: Datasette, actor: Actor | null): Promise<Record<PageName, number>> {
  const out = {} as Record<PageName, number>;
  for (const [name, url] of Object.entries(PAGES) as [PageName, string][]) {
    const [path, search = ''] = url.split('?');
    const jsonUrl = `${path === '/' ? '/' : path}.json${search ? `?${search}` : ''}`;
    const page = await ds.client.get(url, { actor });
    const json = await ds.client.get(jsonUrl, { actor });
    assert.equal(json.status, page.status, `${url}: HTML and JSON agree`);
    if (json.status === 403) {
      assert.deepEqual(await json.json(), {
        ok: false,
        error: 'Permission denied',
        errors: ['Permission denied'],
        status: 403,
      });
      assert.match(await page.text(), /<h1>Forbidden<\/h1>/);
    }
    out[name] = page.status;
  }
  return out;
}

const ALL_OK = { index: 200, database: 200, table: 200, row: 200, query: 200 };
const ALL_DENIED = { index: 403, database: 403, table: 403, row: 403, query: 403 };

async function tableNames(ds: Datasette, actor: Actor | null): Promise<string[]> {
  const body = await getJson<{ tables: { name: string; hidden: boolean }[] }>(
    ds,
    '/data.json',
    200,
    { actor },
  );
  return body.tables.filter((t) => !t.hidden).map((t) => t.name);
}

describe('browse permissions', () => {
  it('default: everyone may see everything and run SQL', async () => {
    const ds = await host({});
    assert.deepEqual(await statuses(ds, null), ALL_OK);
  });

  it('--default-deny denies every page; --root lets root through', async () => {
    const ds = await host({}, { defaultDeny: true, root: true });
    assert.deepEqual(await statuses(ds, null), ALL_DENIED);
    assert.deepEqual(await statuses(ds, ADMIN), ALL_DENIED);
    assert.deepEqual(await statuses(ds, { id: 'root' }), ALL_OK);
  });

  it('an instance allow block closes every page to others', async () => {
    const ds = await host({ allow: { id: 'admin' } });
    assert.deepEqual(await statuses(ds, null), ALL_DENIED);
    assert.deepEqual(await statuses(ds, ADMIN), ALL_OK);
  });

  it('a database allow block closes the database, its tables, rows and SQL; / hides it', async () => {
    const ds = await host({ databases: { data: { allow: { id: 'admin' } } } });
    assert.deepEqual(await statuses(ds, null), { ...ALL_DENIED, index: 200 });
    assert.deepEqual((await getJson<{ databases: unknown[] }>(ds, '/.json')).databases, []);
    assert.deepEqual(await statuses(ds, ADMIN), ALL_OK);
    const admin = await getJson<{ databases: { private: boolean }[] }>(ds, '/.json', 200, {
      actor: ADMIN,
    });
    assert.equal(admin.databases[0]?.private, true);
    assert.equal(
      (await getJson<{ private: boolean }>(ds, '/data.json', 200, { actor: ADMIN })).private,
      true,
    );
    // Denied before anything is looked up: a missing table is a 403 too, revealing nothing.
    assert.equal((await ds.client.get('/data/no_such_table')).status, 403);
  });

  it('a database allow: true re-opens it under an instance allow block', async () => {
    const ds = await host({ allow: { id: 'admin' }, databases: { data: { allow: true } } });
    assert.deepEqual(await statuses(ds, null), { ...ALL_OK, index: 403, query: 200 });
  });

  it('a table allow block hides that table from the listings and its pages only', async () => {
    const ds = await host({
      databases: { data: { tables: { birds: { allow: { id: 'admin' } } } } },
    });
    assert.deepEqual(await statuses(ds, null), { ...ALL_OK, table: 403, row: 403 });
    assert.ok(!(await tableNames(ds, null)).includes('birds'));
    assert.equal((await ds.client.get('/data/plain')).status, 200);
    assert.ok((await tableNames(ds, ADMIN)).includes('birds'));
    const admin = await getJson<{ tables: { name: string; private: boolean }[] }>(
      ds,
      '/data.json',
      200,
      { actor: ADMIN },
    );
    assert.equal(admin.tables.find((t) => t.name === 'birds')?.private, true);
    const index = await getJson<{ databases: { tables_count: number }[] }>(ds, '/.json');
    assert.equal(index.databases[0]?.tables_count, 6);
    assert.doesNotMatch(await (await ds.client.get('/data')).text(), /href="\/data\/birds"/);
  });

  it('permissions blocks for view-table work at database and table level', async () => {
    const ds = await host({
      databases: {
        data: {
          permissions: { 'view-table': { id: 'admin' } },
          tables: { plain: { permissions: { 'view-table': true } } },
        },
      },
    });
    assert.deepEqual(await tableNames(ds, null), ['plain']);
    assert.equal((await ds.client.get('/data/birds.json')).status, 403);
    assert.equal((await ds.client.get('/data/plain.json')).status, 200);
    assert.ok((await tableNames(ds, ADMIN)).includes('birds'));
  });

  it('allow_sql controls the query page and the SQL form', async () => {
    const ds = await host({ allow_sql: { id: 'admin' } });
    assert.deepEqual(await statuses(ds, null), { ...ALL_OK, query: 403 });
    assert.deepEqual(await statuses(ds, ADMIN), ALL_OK);
    assert.equal(
      (await getJson<{ allow_execute_sql: boolean }>(ds, '/data.json')).allow_execute_sql,
      false,
    );
    const page = await (await ds.client.get('/data')).text();
    assert.doesNotMatch(page, /sql-form/);
    assert.doesNotMatch(await (await ds.client.get('/data/birds')).text(), /View and edit SQL/);
    const db = await host({ databases: { data: { allow_sql: false } } });
    assert.deepEqual(await statuses(db, ADMIN), { ...ALL_OK, query: 403 });
  });

  it('default_allow_sql: false and a permissions block for execute-sql', async () => {
    const off = await host({ settings: { default_allow_sql: false } });
    assert.deepEqual(await statuses(off, null), { ...ALL_OK, query: 403 });
    const block = await host({
      databases: { data: { permissions: { 'execute-sql': { id: 'admin' } } } },
    });
    assert.deepEqual(await statuses(block, null), { ...ALL_OK, query: 403 });
    assert.deepEqual(await statuses(block, ADMIN), ALL_OK);
  });

  it('view-database denied at the database level also stops SQL (execute-sql needs it)', async () => {
    const ds = await host({ databases: { data: { permissions: { 'view-database': false } } } });
    assert.deepEqual(await statuses(ds, null), { ...ALL_OK, database: 403, query: 403 });
  });
});
