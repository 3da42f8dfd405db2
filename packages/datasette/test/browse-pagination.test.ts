/**
 * Keyset pagination: walking every page of a table gives each row exactly once, in the order
 * SQL's `order by` gives, with and without sorting (ascending, descending, NULLs, ties), for
 * integer, rowid-only, compound and WITHOUT ROWID keys, with filters, in process and in the
 * query pool; views page by offset.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import type { Datasette } from '../src/index.js';
import {
  fixtureHost,
  getJson,
  makeFixtureDb,
  ODD_TABLE,
  type TableJson,
  walk,
} from './browse-fixtures.js';
import { tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('ds-browse-page-');
let ds: Datasette;
let direct: BetterSqlite3.Database;

before(async () => {
  const file = makeFixtureDb(dir);
  direct = new BetterSqlite3(file, { readonly: true });
  ds = await fixtureHost(file);
});
after(async () => {
  direct.close();
  await ds.close();
  cleanup();
});

/** The expected key sequence, straight from SQLite. */
function expected(sql: string, params: unknown[] = []): unknown[] {
  return direct
    .prepare(sql)
    .pluck()
    .all(...params);
}

async function keys(url: string, key: string | ((r: Record<string, unknown>) => unknown)) {
  const { rows, pages } = await walk(ds, url);
  const pick = typeof key === 'string' ? (r: Record<string, unknown>) => r[key] : key;
  return { keys: rows.map(pick), pages, rows };
}

describe('pagination without sorting', () => {
  it('integer primary key: every row once, in key order, across pages', async () => {
    const got = await keys('/data/birds.json?_size=7', 'id');
    assert.deepEqual(got.keys, expected('select id from birds order by id'));
    assert.equal(got.pages, 9);
  });

  it('rowid tables show and page by rowid, with gaps in the rowids', async () => {
    const got = await keys('/data/plain.json?_size=6', 'rowid');
    assert.deepEqual(got.keys, expected('select rowid from plain order by rowid'));
    assert.deepEqual(Object.keys(got.rows[0] ?? {}), ['rowid', 'a', 'b']);
  });

  it('compound primary keys page by the key tuple', async () => {
    const got = await keys('/data/compound.json?_size=7', (r) => `${r.pk1}/${r.pk2}`);
    assert.deepEqual(
      got.keys,
      expected("select pk1 || '/' || pk2 from compound order by pk1, pk2"),
    );
  });

  it('WITHOUT ROWID tables page by their primary key', async () => {
    const got = await keys('/data/wr.json?_size=9', 'code');
    assert.deepEqual(got.keys, expected('select code from wr order by code'));
  });

  it('tables with odd names page too', async () => {
    const got = await keys(`${ds.urls.table('data', ODD_TABLE, 'json')}?_size=1`, 'id');
    assert.deepEqual(got.keys, [1, 2]);
  });

  it('_size=1 walks one row per page; the last page has no next', async () => {
    const got = await keys('/data/wr.json?_size=1', 'code');
    assert.equal(got.pages, 40);
    const last = await getJson<TableJson>(ds, '/data/wr.json?_size=40');
    assert.equal(last.next, null);
    assert.equal(last.next_url, null);
  });
});

describe('pagination with sorting', () => {
  const cases: [string, string, string][] = [
    [
      'indexed, ascending, with NULLs and ties',
      '_sort=name',
      'select id from birds order by name, rowid',
    ],
    [
      'indexed, descending',
      '_sort_desc=name',
      'select id from birds order by name desc, rowid desc',
    ],
    [
      'unindexed (query pool), ascending',
      '_sort=size',
      'select id from birds order by size, rowid',
    ],
    [
      'unindexed (query pool), descending',
      '_sort_desc=size',
      'select id from birds order by size desc, rowid desc',
    ],
    ['by the primary key, descending', '_sort_desc=id', 'select id from birds order by id desc'],
  ];
  for (const [label, arg, sql] of cases) {
    for (const size of [1, 4, 10]) {
      it(`birds ${label}, _size=${size}`, async () => {
        const got = await keys(`/data/birds.json?${arg}&_size=${size}`, 'id');
        assert.deepEqual(got.keys, expected(sql));
      });
    }
  }

  it('compound key tables sort with the rowid as hidden tie-breaker', async () => {
    const got = await keys('/data/compound.json?_sort=v&_size=4', (r) => `${r.pk1}/${r.pk2}`);
    assert.deepEqual(
      got.keys,
      expected("select pk1 || '/' || pk2 from compound order by v, rowid"),
    );
    assert.deepEqual(Object.keys(got.rows[0] ?? {}), ['pk1', 'pk2', 'v'], 'no rowid column leaks');
    const desc = await keys('/data/compound.json?_sort_desc=v&_size=3', (r) => `${r.pk1}/${r.pk2}`);
    assert.deepEqual(
      desc.keys,
      expected("select pk1 || '/' || pk2 from compound order by v desc, rowid desc"),
    );
  });

  it('WITHOUT ROWID tables sort with the primary key as tie-breaker', async () => {
    const got = await keys('/data/wr.json?_sort_desc=v&_size=6', 'code');
    assert.deepEqual(got.keys, expected('select code from wr order by v desc, code desc'));
  });

  it('rowid tables can sort by rowid and by columns', async () => {
    const got = await keys('/data/plain.json?_sort=a&_size=5', 'rowid');
    assert.deepEqual(got.keys, expected('select rowid from plain order by a, rowid'));
    const byRowid = await keys('/data/plain.json?_sort_desc=rowid&_size=5', 'rowid');
    assert.deepEqual(byRowid.keys, expected('select rowid from plain order by rowid desc'));
  });
});

describe('pagination with filters', () => {
  it('filters combine with keyset pages and sorting', async () => {
    const got = await keys('/data/birds.json?name=Crow&_size=3', 'id');
    assert.deepEqual(got.keys, expected("select id from birds where name = 'Crow' order by id"));
    const sorted = await keys('/data/birds.json?size=L&_sort_desc=name&_size=2', 'id');
    assert.deepEqual(
      sorted.keys,
      expected("select id from birds where size = 'L' order by name desc, rowid desc"),
    );
  });

  it('next_url keeps the other arguments', async () => {
    const page = await getJson<TableJson>(ds, '/data/birds.json?name=Crow&_size=3&_sort_desc=id');
    assert.equal(page.next, '49', 'sorted by its own key: one value');
    const next = new URL(page.next_url ?? '');
    assert.equal(next.pathname, '/data/birds.json');
    assert.deepEqual(
      [...next.searchParams],
      [
        ['name', 'Crow'],
        ['_size', '3'],
        ['_sort_desc', 'id'],
        ['_next', '49'],
      ],
    );
  });
});

describe('views', () => {
  it('page by offset', async () => {
    const first = await getJson<TableJson>(ds, '/data/bird_names.json?_size=20');
    assert.equal(first.next, '20');
    const got = await keys('/data/bird_names.json?_size=20', 'id');
    assert.deepEqual(got.keys, expected('select id from bird_names'));
    const sorted = await keys('/data/bird_names.json?_size=25&_sort_desc=id', 'id');
    assert.deepEqual(sorted.keys, expected('select id from bird_names order by id desc'));
  });
});

describe('the _next token', () => {
  it('is the last key shown, readable, and can be constructed', async () => {
    const page = await getJson<TableJson>(ds, '/data/birds.json?_next=50');
    assert.deepEqual(
      page.rows.map((r) => r.id),
      [51, 52, 53, 54, 55, 56, 57],
    );
    const sorted = await getJson<TableJson>(ds, '/data/birds.json?_sort=name&_size=2');
    assert.equal(sorted.next, '~24null,9', 'NULL sorts first: ids 2 and 9');
  });

  it('a malformed token is a 400', async () => {
    for (const token of ['a,b,c', '~24zz', '1,2']) {
      const body = await getJson<{ error: string }>(ds, `/data/birds.json?_next=${token}`, 400);
      assert.match(body.error, /Invalid _next token/);
    }
  });
});
