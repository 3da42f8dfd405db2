/**
 * The query page: JSON shapes, named parameters as form inputs, truncation, refused writes,
 * errors, and the time limit: a slow query is stopped and answered with a 400 within the limit
 * plus 200 ms while the server keeps answering other requests.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Database, type Datasette } from '../src/index.js';
import { fixtureHost, getJson, makeFixtureDb } from './browse-fixtures.js';
import { tempDir } from './helpers.js';

const LIMIT_MS = 500;
const SLOW =
  'with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c';
const { dir, cleanup } = tempDir('ds-browse-query-');
let ds: Datasette;

before(async () => {
  const file = makeFixtureDb(dir);
  const db = new Database({ name: 'data', path: file });
  // 300,000 rows: big enough that sorting by an unindexed column takes far longer than 1 ms.
  db.exec(`create table big (id integer primary key, v integer);
    insert into big (v) select (x * 7919) % 100003 from (with recursive s(x) as (select 1 union all select x + 1 from s where x < 300000) select x from s);`);
  db.close();
  ds = await fixtureHost(file, {
    config: { settings: { sql_time_limit_ms: LIMIT_MS, max_returned_rows: 20 } } as never,
  });
  await ds.queryPool.warmUp(); // so the timings below measure queries, not process start-up
});
after(async () => {
  await ds.close();
  cleanup();
});

const q = (sql: string, extra = '') => `/data/-/query.json?sql=${encodeURIComponent(sql)}${extra}`;

describe('the query page JSON', () => {
  it('answers {ok, rows, truncated}, with columns on request and every list shape', async () => {
    const sql = 'select id, name from birds where id < 3 order by id';
    assert.deepEqual(await getJson(ds, q(sql)), {
      ok: true,
      truncated: false,
      rows: [
        { id: 1, name: 'Blue Jay' },
        { id: 2, name: null },
      ],
    });
    const withColumns = await getJson<{ columns: string[] }>(ds, q(sql, '&_extra=columns'));
    assert.deepEqual(withColumns.columns, ['id', 'name']);
    assert.deepEqual((await getJson<{ rows: unknown[] }>(ds, q(sql, '&_shape=arrays'))).rows, [
      [1, 'Blue Jay'],
      [2, null],
    ]);
    assert.deepEqual(await getJson(ds, q(sql, '&_shape=arrayfirst')), [1, 2]);
    assert.deepEqual(await getJson(ds, q(sql, '&_shape=array')), [
      { id: 1, name: 'Blue Jay' },
      { id: 2, name: null },
    ]);
    await getJson(ds, q(sql, '&_shape=object'), 400);
  });

  it('binds named parameters from the query string (missing ones are empty strings)', async () => {
    const sql = 'select id from birds where name = :name and size = :size';
    assert.deepEqual(await getJson(ds, q(sql, '&name=Owl&size=L&_shape=arrayfirst')), [6, 34]);
    assert.deepEqual(await getJson(ds, q(sql, '&name=Owl&_shape=arrayfirst')), []);
  });

  it('stops at max_returned_rows and says so', async () => {
    const body = await getJson<{ rows: unknown[]; truncated: boolean }>(
      ds,
      q('select * from birds'),
    );
    assert.equal(body.rows.length, 20);
    assert.equal(body.truncated, true);
  });

  it('a blank query or a SQL error is a 400 with the standard error body', async () => {
    assert.deepEqual(await getJson(ds, '/data/-/query.json?sql=', 400), {
      ok: false,
      error: 'No SQL query supplied: pass it as ?sql=',
      errors: ['No SQL query supplied: pass it as ?sql='],
      status: 400,
    });
    await getJson(ds, '/data/-/query.json', 400);
    const error = await getJson<{ error: string }>(ds, q('select * from nope'), 400);
    assert.equal(error.error, 'no such table: nope');
  });

  it('refuses anything that would write', async () => {
    for (const sql of [
      'insert into birds (name) values (1)',
      'update birds set name = 1',
      'delete from birds',
      'drop table birds',
      'create table x (y)',
      "attach database ':memory:' as m",
      'pragma journal_mode = delete',
      'vacuum',
      'select 1; delete from birds',
    ]) {
      const body = await getJson<{ error: string }>(ds, q(sql), 400);
      assert.ok(body.error.length > 0, sql);
    }
    assert.deepEqual(
      await getJson(ds, q('select count(*) from birds', '&_shape=arrayfirst')),
      [57],
    );
  });
});

describe('the query page HTML', () => {
  it('shows the form with an input per named parameter, and the results', async () => {
    const res = await ds.client.get(
      `/data/-/query?sql=${encodeURIComponent('select id from birds where name = :name')}&name=Owl`,
    );
    const page = await res.text();
    assert.equal(res.status, 200);
    assert.match(
      page,
      /<textarea id="sql-editor" name="sql"[^>]*>\nselect id from birds where name = :name<\/textarea>/,
    );
    assert.match(page, /<input type="text" id="qp-name" name="name" value="Owl"\/>/);
    assert.match(page, /8 rows in [\d.]+ ms/);
  });

  it('without ?sql= shows an empty form; errors are shown with the form and a 400', async () => {
    const empty = await ds.client.get('/data/-/query');
    assert.equal(empty.status, 200);
    const bad = await ds.client.get(
      `/data/-/query?sql=${encodeURIComponent("select '<script>' from nope")}`,
    );
    assert.equal(bad.status, 400);
    const page = await bad.text();
    assert.match(page, /<p class="message-error query-error">no such table: nope<\/p>/);
    assert.ok(page.includes('&#39;&lt;script&gt;&#39;') && !page.includes('<script>'));
  });

  it('notes truncation', async () => {
    const page = await (await ds.client.get('/data/-/query?sql=select+*+from+birds')).text();
    assert.match(page, /truncated: only the first 20 rows are shown/);
  });
});

describe('the time limit', () => {
  it('stops a slow query within the limit + 200 ms while other requests are answered', async () => {
    const started = performance.now();
    const slow = ds.client.get(q(SLOW)).then(async (res) => ({
      status: res.status,
      body: (await res.json()) as { error: string },
      ms: performance.now() - started,
    }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = performance.now();
    const [table, query] = await Promise.all([
      ds.client.get('/data/birds.json?_size=5'),
      ds.client.get(q('select 1')),
    ]);
    const answeredIn = performance.now() - during;
    assert.equal(table.status, 200);
    assert.equal(query.status, 200);
    const result = await slow;
    assert.ok(answeredIn < 200, `other requests answered in ${answeredIn.toFixed(0)} ms`);
    assert.ok(performance.now() - during >= answeredIn);
    assert.equal(result.status, 400);
    assert.equal(
      result.body.error,
      `SQL query took too long (over ${LIMIT_MS} ms) and was stopped`,
    );
    assert.ok(result.ms < LIMIT_MS + 200, `stopped after ${result.ms.toFixed(0)} ms`);
  });

  it('?_timelimit= can lower the limit but never raise it', async () => {
    let started = performance.now();
    const lower = await getJson<{ error: string }>(ds, q(SLOW, '&_timelimit=100'), 400);
    assert.match(lower.error, /over 100 ms/);
    assert.ok(performance.now() - started < 300);
    started = performance.now();
    const higher = await getJson<{ error: string }>(ds, q(SLOW, '&_timelimit=60000'), 400);
    assert.match(higher.error, new RegExp(`over ${LIMIT_MS} ms`));
    assert.ok(performance.now() - started < LIMIT_MS + 200);
  });

  it('the HTML page shows the timeout with the form', async () => {
    const res = await ds.client.get(`/data/-/query?sql=${encodeURIComponent(SLOW)}&_timelimit=50`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /SQL query took too long \(over 50 ms\) and was stopped/);
  });

  it('applies to table pages that need the query pool (an unindexed sort of a big table)', async () => {
    const sorted = await getJson<{ rows: { v: number }[] }>(ds, '/data/big.json?_sort=v&_size=3');
    assert.deepEqual(
      sorted.rows.map((r) => r.v),
      [0, 0, 1],
    ); // x = 100003 and 200006 give 0
    const stopped = await getJson<{ error: string }>(
      ds,
      '/data/big.json?_sort=v&_timelimit=1',
      400,
    );
    assert.match(stopped.error, /took too long/);
  });
});
