/**
 * Fixtures for the browse tests: a database with every kind of table the pages must handle
 * (integer, compound and text primary keys, rowid-only, WITHOUT ROWID, odd names, BLOBs,
 * NULLs and ties for sorting, a view, a full-text table with hidden shadow tables), and helpers
 * to fetch JSON and walk every page of a table.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Database, type Datasette, type DatasetteOptions } from '../src/index.js';
import { makeDatasette } from './helpers.js';

/** A table name with every awkward character the URLs must survive. */
export const ODD_TABLE = 'odd.name/with space+"quote\'s" ~%,é';
/** A column name as awkward as the table's. */
export const ODD_COLUMN = 'col "x".y/z';

const SCHEMA = `
  create table birds (id integer primary key, name text, size text, note text, data blob);
  create index birds_name on birds(name);
  create table plain (a, b);
  create table compound (pk1 text, pk2 integer, v text, primary key (pk1, pk2));
  create index compound_v on compound(v);
  create table wr (code text primary key, v integer) without rowid;
  create table "${ODD_TABLE.replaceAll('"', '""')}" (id integer primary key, "${ODD_COLUMN.replaceAll('"', '""')}" text);
  create table "üñí 表" ("名前" text primary key, n integer);
  create view bird_names as select id, name from birds;
  create virtual table search using fts5(body);
`;

/** Fill the tables: 57 birds with repeated names, NULLs and a BLOB; 40 rows elsewhere. */
function seed(db: Database): void {
  const names = ['Crow', 'Blue Jay', null, 'Robin', 'Wren', 'Crow', 'Owl'];
  db.transaction(() => {
    for (let i = 1; i <= 57; i++) {
      db.run('insert into birds (id, name, size, note, data) values (?, ?, ?, ?, ?)', [
        i,
        names[i % names.length] ?? null,
        ['S', 'M', 'L', null][i % 4] ?? null,
        i === 1 ? 'x'.repeat(3000) : `note ${i}`,
        i === 2 ? Buffer.from([1, 2, 3, 4, 5, 6, 7]) : null,
      ]);
    }
    for (let i = 1; i <= 40; i++) {
      db.run('insert into plain (a, b) values (?, ?)', [i % 3, `b${i}`]);
      db.run('insert into compound values (?, ?, ?)', [
        `k${i % 4}`,
        i,
        i % 5 === 0 ? null : `v${i % 6}`,
      ]);
      db.run('insert into wr values (?, ?)', [`c${String(i).padStart(3, '0')}`, i % 7]);
    }
    db.run('delete from plain where rowid in (5, 6, 7)'); // gaps in the rowids
    db.run(
      `insert into "${ODD_TABLE.replaceAll('"', '""')}" values (1, 'odd value'), (2, '<b>bold</b>')`,
    );
    db.run('insert into "üñí 表" values (?, ?), (?, ?)', ['ä,b', 1, 'c.d', 2]);
    db.run("insert into search (body) values ('hello world')");
  });
}

/** Create the fixture database `data.db` in `dir`; returns its path. */
export function makeFixtureDb(dir: string, name = 'data'): string {
  const file = path.join(dir, `${name}.db`);
  const db = new Database({ name, path: file, create: true });
  db.exec(SCHEMA);
  seed(db);
  db.close();
  return file;
}

/** A host serving the fixture database, started. */
export async function fixtureHost(
  file: string,
  options: DatasetteOptions = {},
): Promise<Datasette> {
  const ds = makeDatasette({ files: [file], ...options });
  await ds.invokeStartup();
  return ds;
}

/** GET a JSON path; asserts the status and returns the body. */
export async function getJson<T = Record<string, unknown>>(
  ds: Datasette,
  url: string,
  status = 200,
  opts: Parameters<Datasette['client']['get']>[1] = {},
): Promise<T> {
  const res = await ds.client.get(url, opts);
  const text = await res.text();
  assert.equal(res.status, status, `${url}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** A table page's JSON. */
export interface TableJson {
  ok: boolean;
  rows: Record<string, unknown>[];
  next: string | null;
  next_url: string | null;
  truncated: boolean;
  columns?: string[];
}

/** Follow `next_url` from `url` to the end; returns every row and the number of pages. */
export async function walk(
  ds: Datasette,
  url: string,
  maxPages = 500,
): Promise<{ rows: Record<string, unknown>[]; pages: number }> {
  const rows: Record<string, unknown>[] = [];
  let next: string | null = url;
  let pages = 0;
  while (next !== null) {
    assert.ok(++pages <= maxPages, 'pagination does not end');
    const body: TableJson = await getJson<TableJson>(ds, next);
    rows.push(...body.rows);
    if (body.next_url) {
      const u: URL = new URL(body.next_url);
      next = u.pathname + u.search;
    } else next = null;
  }
  return { rows, pages };
}
