/**
 * The browse pages and their JSON: `/`, `/DB`, `/DB/TABLE`, `/DB/TABLE/PK`, with every
 * `_shape` and `_extra`, argument validation, HTML rendering (escaping, truncation, BLOBs),
 * odd names, redirects and 404s.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Datasette } from '../src/index.js';
import {
  fixtureHost,
  getJson,
  makeFixtureDb,
  ODD_COLUMN,
  ODD_TABLE,
  type TableJson,
} from './browse-fixtures.js';
import { tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('ds-browse-pages-');
let ds: Datasette;
before(async () => {
  ds = await fixtureHost(makeFixtureDb(dir), {
    config: { settings: { max_returned_rows: 50 } } as never,
  });
});
after(async () => {
  await ds.close();
  cleanup();
});

async function html(url: string, status = 200): Promise<string> {
  const res = await ds.client.get(url);
  const body = await res.text();
  assert.equal(res.status, status, `${url}: ${body.slice(0, 300)}`);
  return body;
}

describe('the index page', () => {
  it('lists databases with table and view counts, never the internal database', async () => {
    const body = await getJson<{ databases: Record<string, unknown>[] }>(ds, '/.json');
    assert.deepEqual(body.databases, [
      {
        name: 'data',
        path: '/data',
        tables_count: 7,
        hidden_tables_count: 5,
        views_count: 1,
        private: false,
      },
    ]);
    const page = await html('/');
    assert.match(page, /<a href="\/data">data<\/a>/);
    assert.match(page, /7 tables, 1 view, 5 hidden tables/);
    assert.doesNotMatch(page + JSON.stringify(body), /INTERNAL|_internal/);
  });
});

describe('the database page', () => {
  it('JSON: tables with columns, keys, counts and hidden flags; views; execute-sql', async () => {
    const body = await getJson<
      { tables: Record<string, unknown>[]; views: unknown[] } & Record<string, unknown>
    >(ds, '/data.json');
    assert.equal(body.ok, true);
    assert.equal(body.database, 'data');
    assert.equal(body.path, '/data');
    assert.equal(typeof body.size, 'number');
    assert.equal(body.allow_execute_sql, true);
    const birds = body.tables.find((t) => t.name === 'birds');
    assert.deepEqual(birds, {
      name: 'birds',
      columns: ['id', 'name', 'size', 'note', 'data'],
      primary_keys: ['id'],
      count: 57,
      hidden: false,
      private: false,
    });
    assert.equal(body.tables.find((t) => t.name === 'plain')?.count, 37);
    assert.deepEqual(
      body.tables
        .filter((t) => t.hidden)
        .map((t) => t.name)
        .sort(),
      ['search_config', 'search_content', 'search_data', 'search_docsize', 'search_idx'],
    );
    assert.deepEqual(body.views, [{ name: 'bird_names', private: false }]);
  });

  it('HTML: SQL form, tables with counts and encoded links, hidden tables folded away', async () => {
    const page = await html('/data');
    assert.match(page, /<form class="sql-form" action="\/data\/-\/query" method="get">/);
    assert.match(page, /<a href="\/data\/birds">birds<\/a>[\s\S]*?57 rows/);
    assert.ok(page.includes(`href="${ds.urls.table('data', ODD_TABLE)}"`));
    assert.match(page, /<summary>5 hidden tables<\/summary>/);
  });

  it('?sql= redirects to the query page, keeping the query string and the format', async () => {
    let res = await ds.client.get('/data?sql=select+1&x=2');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/data/-/query?sql=select+1&x=2');
    res = await ds.client.get('/data.json?sql=select+1');
    assert.equal(res.headers.get('location'), '/data/-/query.json?sql=select+1');
  });
});

describe('the table page JSON', () => {
  it('default shape: ok, next, next_url, rows as objects, truncated; BLOBs as $base64', async () => {
    const res = await ds.client.get('/data/birds.json?_size=2');
    const body = (await res.json()) as TableJson;
    assert.deepEqual(Object.keys(body).sort(), ['next', 'next_url', 'ok', 'rows', 'truncated']);
    assert.equal(body.next, '2');
    assert.equal(body.next_url, 'http://localhost/data/birds.json?_size=2&_next=2');
    assert.equal(
      res.headers.get('link'),
      '<http://localhost/data/birds.json?_size=2&_next=2>; rel="next"',
    );
    assert.deepEqual(body.rows[1], {
      id: 2,
      name: null,
      size: 'L',
      note: 'note 2',
      data: { $base64: true, encoded: 'AQIDBAUGBw==' },
    });
  });

  it('_shape=arrays, array (and _nl=on), arrayfirst, object', async () => {
    const arrays = await getJson<{ columns: string[]; rows: unknown[][] }>(
      ds,
      '/data/wr.json?_shape=arrays&_size=2',
    );
    assert.deepEqual(arrays.columns, ['code', 'v']);
    assert.deepEqual(arrays.rows, [
      ['c001', 1],
      ['c002', 2],
    ]);
    assert.deepEqual(await getJson(ds, '/data/wr.json?_shape=array&_size=1'), [
      { code: 'c001', v: 1 },
    ]);
    const nl = await (await ds.client.get('/data/wr.json?_shape=array&_nl=on&_size=2')).text();
    assert.equal(nl, '{"code":"c001","v":1}\n{"code":"c002","v":2}');
    assert.deepEqual(await getJson(ds, '/data/wr.json?_shape=arrayfirst&_size=3'), [
      'c001',
      'c002',
      'c003',
    ]);
    assert.deepEqual(await getJson(ds, '/data/compound.json?_shape=object&_size=2'), {
      'k0,4': { pk1: 'k0', pk2: 4, v: 'v4' },
      'k0,8': { pk1: 'k0', pk2: 8, v: 'v2' },
    });
  });

  it('_extra adds columns, count, primary_keys, query, database and table', async () => {
    const body = await getJson<Record<string, unknown>>(
      ds,
      '/data/birds.json?name=Crow&_extra=columns,count&_extra=primary_keys,query,database,table&_size=1',
    );
    assert.deepEqual(body.columns, ['id', 'name', 'size', 'note', 'data']);
    assert.equal(body.count, 16);
    assert.deepEqual(body.primary_keys, ['id']);
    assert.deepEqual(body.query, {
      sql: 'select * from "birds" where "name" = :p0 order by "id" limit 2',
      params: { p0: 'Crow' },
    });
    assert.equal(body.database, 'data');
    assert.equal(body.table, 'birds');
  });

  it('_size: default_page_size, max = max_returned_rows, larger or malformed is a 400', async () => {
    assert.equal((await getJson<TableJson>(ds, '/data/birds.json')).rows.length, 57);
    assert.equal((await getJson<TableJson>(ds, '/data/birds.json?_size=max')).rows.length, 50);
    for (const [arg, message] of [
      ['_size=51', /_size must be <= 50/],
      ['_size=-1', /_size must be a positive integer/],
      ['_size=abc', /_size must be a positive integer/],
      ['_shape=nope', /Invalid _shape/],
      ['_extra=nope', /Unknown _extra "nope"/],
      ['_sort=nope', /Cannot sort table by "nope"/],
      ['_sort=id&_sort_desc=id', /Cannot use _sort and _sort_desc/],
      ['nope=1', /Cannot filter by "nope"/],
      ['name__gt=1', /only exact matches/],
      ['_timelimit=0', /_timelimit must be a positive/],
    ] as const) {
      const body = await getJson<{ error: string; status: number }>(
        ds,
        `/data/birds.json?${arg}`,
        400,
      );
      assert.match(body.error, message, arg);
      assert.equal(body.status, 400);
    }
  });

  it('filters by exact value, including ?col__exact=', async () => {
    const body = await getJson<TableJson>(ds, '/data/birds.json?name__exact=Owl&size=L');
    assert.deepEqual(
      body.rows.map((r) => r.id),
      [6, 34],
    );
  });

  it('views and unknown special arguments work; _shape=object needs a key', async () => {
    assert.equal(
      (await getJson<TableJson>(ds, '/data/bird_names.json?_whatever=1')).rows.length,
      57,
    );
    await getJson(ds, '/data/bird_names.json?_shape=object', 400);
  });
});

describe('the table page HTML', () => {
  it('shows rows with sort links, row links, the count and the next page', async () => {
    const page = await html('/data/birds?_size=5');
    assert.match(page, /<title>data: birds<\/title>/);
    assert.match(
      page,
      /<p class="crumbs"><a href="\/">home<\/a> \/ <a href="\/data">data<\/a><\/p>/,
    );
    assert.match(page, /57 rows/);
    assert.match(page, /<a href="\?_size=5&amp;_sort=name">name<\/a>/);
    assert.match(page, /<td class="type-int"><a href="\/data\/birds\/3">3<\/a><\/td>/);
    assert.match(page, /<a href="\?_size=5&amp;_next=5">Next page<\/a>/);
    assert.match(page, /View and edit SQL/);
  });

  it('shortens long text to truncate_cells_html and shows BLOB sizes', async () => {
    const page = await html('/data/birds?_size=2');
    assert.ok(page.includes(`>${'x'.repeat(2048)}…</td>`));
    assert.ok(!page.includes('x'.repeat(2049)));
    assert.match(page, /<td class="type-blob">&lt;Binary: 7 bytes&gt;<\/td>/);
  });

  it('marks the current sort and links to the reverse order', async () => {
    const page = await html('/data/birds?_sort=name');
    assert.match(page, /<a href="\?_sort_desc=name">name ▲<\/a>/);
    assert.match(page, /sorted by name/);
  });

  it('the filter form redirects to ?column=value; active filters can be removed', async () => {
    const res = await ds.client.get('/data/birds?_sort=id&_filter_column=name&_filter_value=Crow');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/data/birds?_sort=id&name=Crow');
    const page = await html('/data/birds?_sort=id&name=Crow');
    assert.match(page, /16 rows matching the filters/);
    assert.match(page, /<a href="\/data\/birds\?_sort=id">remove<\/a>/);
  });

  it('escapes values, names and columns', async () => {
    const page = await html(ds.urls.table('data', ODD_TABLE));
    assert.ok(page.includes('&lt;b&gt;bold&lt;/b&gt;'));
    assert.ok(!page.includes('<b>bold</b>'));
    assert.ok(page.includes('odd.name/with space+&#34;quote&#39;s&#34; ~%,é'));
  });
});

describe('odd names', () => {
  it('tables and columns with dots, slashes, spaces, quotes and unicode work in every page', async () => {
    const url = ds.urls.table('data', ODD_TABLE, 'json');
    assert.ok(!url.slice(0, -5).includes('.'), 'encoded names have no literal dot');
    const filtered = await getJson<TableJson>(
      ds,
      `${url}?${new URLSearchParams({ [ODD_COLUMN]: 'odd value', _sort_desc: ODD_COLUMN })}`,
    );
    assert.deepEqual(filtered.rows, [{ id: 1, [ODD_COLUMN]: 'odd value' }]);
    const row = await getJson<{ rows: unknown[] }>(
      ds,
      `${ds.urls.row('data', ODD_TABLE, [2])}.json`,
    );
    assert.deepEqual(row.rows, [{ id: 2, [ODD_COLUMN]: '<b>bold</b>' }]);
    const unicode = await getJson<{ rows: unknown[] }>(
      ds,
      `${ds.urls.row('data', 'üñí 表', ['ä,b'])}.json`,
    );
    assert.deepEqual(unicode.rows, [{ 名前: 'ä,b', n: 1 }]);
  });

  it('a percent-encoded path redirects to its tilde-encoded form', async () => {
    const res = await ds.client.get('/data/%C3%BC%C3%B1%C3%AD%20%E8%A1%A8.json?_size=1');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), `${ds.urls.table('data', 'üñí 表', 'json')}?_size=1`);
  });
});

describe('the row page', () => {
  it('finds rows by integer, rowid, compound and text keys', async () => {
    const birds = await getJson<Record<string, unknown>>(ds, '/data/birds/3.json');
    assert.deepEqual(birds, {
      ok: true,
      database: 'data',
      table: 'birds',
      primary_keys: ['id'],
      primary_key_values: ['3'],
      rows: [{ id: 3, name: 'Robin', size: null, note: 'note 3', data: null }],
    });
    assert.deepEqual((await getJson<{ rows: unknown[] }>(ds, '/data/plain/8.json')).rows, [
      { rowid: 8, a: 2, b: 'b8' },
    ]);
    assert.deepEqual((await getJson<{ rows: unknown[] }>(ds, '/data/compound/k1,5.json')).rows, [
      { pk1: 'k1', pk2: 5, v: null },
    ]);
    assert.deepEqual(await getJson(ds, '/data/wr/c007.json?_shape=array'), [
      { code: 'c007', v: 0 },
    ]);
  });

  it('HTML shows every column in full, with crumbs back to the table', async () => {
    const page = await html('/data/birds/1');
    assert.ok(page.includes('x'.repeat(3000)));
    assert.match(page, /<a href="\/data">data<\/a> \/ <a href="\/data\/birds">birds<\/a>/);
  });

  it('unknown rows, wrong key lengths and views are 404', async () => {
    for (const url of [
      '/data/birds/999.json',
      '/data/compound/k1.json',
      '/data/bird_names/1.json',
      '/data/birds/1,2',
    ]) {
      assert.equal((await ds.client.get(url)).status, 404, url);
    }
  });
});

describe('virtual tables', () => {
  it('full-text tables page through the query pool; their shadow tables are browsable too', async () => {
    const body = await getJson<TableJson>(ds, '/data/search.json');
    assert.deepEqual(body.rows, [{ rowid: 1, body: 'hello world' }]);
    assert.equal((await ds.client.get('/data/search/1.json')).status, 200);
    assert.equal((await ds.client.get('/data/search_data.json')).status, 200);
  });
});

describe('base_url', () => {
  it('prefixes every link, redirect and next_url', async () => {
    const prefixed = await fixtureHost(makeFixtureDb(dir, 'other'), {
      config: { settings: { base_url: '/prefix/' } } as never,
    });
    try {
      const body = await getJson<TableJson>(prefixed, '/prefix/other/birds.json?_size=1');
      assert.equal(body.next_url, 'http://localhost/prefix/other/birds.json?_size=1&_next=1');
      const page = await (await prefixed.client.get('/prefix/other/birds?_size=1')).text();
      assert.match(page, /<a href="\/prefix\/other\/birds\/1">1<\/a>/);
      const res = await prefixed.client.get('/prefix/other?sql=select+1');
      assert.equal(res.headers.get('location'), '/prefix/other/-/query?sql=select+1');
    } finally {
      await prefixed.close();
    }
  });
});

describe('routing', () => {
  it('unknown databases, tables, formats and the internal database are 404', async () => {
    for (const url of [
      '/nope',
      '/nope.json',
      '/data/nope',
      '/data/birds.csv',
      '/__INTERNAL__',
      '/_internal/x',
      '/data/-/nope',
    ]) {
      assert.equal((await ds.client.get(url)).status, 404, url);
    }
  });

  it('HEAD answers like GET; POST is 405', async () => {
    assert.equal((await ds.client.request('HEAD', '/data/birds')).status, 200);
    assert.equal((await ds.client.post('/data/birds')).status, 405);
  });

  it('core pages under /-/ still win over the catch-all routes', async () => {
    assert.equal((await ds.client.get('/-/versions.json')).status, 200);
  });
});
