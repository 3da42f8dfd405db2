/**
 * SQL injection attempts through every argument of the browse pages: database, table and row
 * names in the path, filter column names and values, sort columns, `_next`, `_size`, `_shape`,
 * `_extra`, `_timelimit` and query parameters. Generated SQL quotes identifiers and binds
 * values, so each attempt is either a 400/404 or matches literally; nothing else is read and
 * nothing is written. Also tables and columns whose names are SQL fragments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Database, type Datasette } from '../src/index.js';
import { fixtureHost, getJson, makeFixtureDb, type TableJson } from './browse-fixtures.js';
import { tempDir } from './helpers.js';

const EVIL_TABLE = 'birds" where 0 union select 1,2,3,4,5 from birds --';
const EVIL_COLUMN = 'v" from birds --';
const { dir, cleanup } = tempDir('ds-browse-inject-');
let ds: Datasette;

before(async () => {
  const file = makeFixtureDb(dir);
  const db = new Database({ name: 'data', path: file });
  db.exec(
    `create table "${EVIL_TABLE.replaceAll('"', '""')}" (id integer primary key, "${EVIL_COLUMN.replaceAll('"', '""')}" text);`,
  );
  db.run(`insert into "${EVIL_TABLE.replaceAll('"', '""')}" values (1, 'only row')`);
  db.close();
  ds = await fixtureHost(file);
});
after(async () => {
  await ds.close();
  cleanup();
});

async function birdsIntact(): Promise<void> {
  const body = await getJson<TableJson>(ds, '/data/birds.json?_size=max&_extra=count');
  assert.equal((body as unknown as { count: number }).count, 57);
}

function qs(args: Record<string, string>): string {
  return `?${new URLSearchParams(args)}`;
}

describe('injection through the path', () => {
  it('database, table and row names are looked up, never spliced into SQL', async () => {
    for (const url of [
      `/${encodeURIComponent('data" --')}`,
      `${ds.urls.table('data', 'birds; drop table birds')}.json`,
      `${ds.urls.table('data', 'birds" --')}.json`,
      `${ds.urls.table('data', "birds' or '1'='1")}.json`,
      `${ds.urls.row('data', 'birds', ['1 or 1=1'])}.json`,
      `${ds.urls.row('data', 'birds', ["1' or '1'='1"])}.json`,
    ]) {
      const res = await ds.client.get(url);
      assert.ok([302, 404].includes(res.status), `${url}: ${res.status}`);
    }
    await birdsIntact();
  });

  it('a table named like SQL shows its own single row, by filter and sort too', async () => {
    const url = ds.urls.table('data', EVIL_TABLE, 'json');
    const body = await getJson<TableJson>(ds, url);
    assert.deepEqual(body.rows, [{ id: 1, [EVIL_COLUMN]: 'only row' }]);
    const filtered = await getJson<TableJson>(
      ds,
      url + qs({ [EVIL_COLUMN]: 'only row', _sort_desc: EVIL_COLUMN }),
    );
    assert.equal(filtered.rows.length, 1);
    const row = await getJson<{ rows: unknown[] }>(
      ds,
      `${ds.urls.row('data', EVIL_TABLE, [1])}.json`,
    );
    assert.equal(row.rows.length, 1);
    const db = await getJson<{ tables: { name: string; count: number }[] }>(ds, '/data.json');
    assert.equal(db.tables.find((t) => t.name === EVIL_TABLE)?.count, 1);
  });
});

describe('injection through arguments', () => {
  it('filter column names must be real columns', async () => {
    for (const column of ['name" or 1=1 --', 'name = name or 1', '1=1) or (1', 'rowid']) {
      const body = await getJson<{ error: string }>(
        ds,
        `/data/birds.json${qs({ [column]: 'x' })}`,
        400,
      );
      assert.match(body.error, /Cannot filter by/);
    }
  });

  it('filter values are bound parameters, matched literally', async () => {
    for (const value of [
      "' or '1'='1",
      'Crow" or 1=1 --',
      "Crow'; drop table birds; --",
      '1 or 1=1',
    ]) {
      const body = await getJson<TableJson>(ds, `/data/birds.json${qs({ name: value })}`);
      assert.deepEqual(body.rows, [], value);
      const pooled = await getJson<TableJson>(ds, `/data/birds.json${qs({ size: value })}`);
      assert.deepEqual(pooled.rows, [], `${value} (query pool)`);
    }
    await birdsIntact();
  });

  it('sort columns must be real columns', async () => {
    for (const arg of ['_sort', '_sort_desc']) {
      for (const column of ['name; drop table birds', 'id desc, (select 1)', '"name"', 'name --']) {
        await getJson(ds, `/data/birds.json${qs({ [arg]: column })}`, 400);
      }
    }
  });

  it('_next values are bound parameters; malformed tokens are a 400', async () => {
    for (const token of ['1) or (1=1', "1' or '1'='1", '1 union select * from birds']) {
      const body = await getJson<TableJson>(ds, `/data/birds.json${qs({ _next: token })}`);
      assert.deepEqual(body.rows, [], token);
      const sorted = await getJson<TableJson>(
        ds,
        `/data/birds.json${qs({ _sort: 'name', _next: `${token},1` })}`,
      );
      assert.ok(
        sorted.rows.every((r) => typeof r.name === 'string' && r.name > token),
        token,
      );
    }
    await getJson(ds, `/data/birds.json${qs({ _next: '1,2,3;drop' })}`, 400);
    await getJson(ds, `/data/bird_names.json${qs({ _next: '0; drop table birds' })}`, 400);
    await birdsIntact();
  });

  it('_size, _shape, _extra and _timelimit are validated', async () => {
    const cases: Record<string, string>[] = [
      { _size: '1; drop table birds' },
      { _size: '1 or 1' },
      { _shape: 'objects; drop' },
      { _extra: 'count; drop' },
      { _timelimit: '1 or 1' },
    ];
    for (const args of cases) {
      await getJson(ds, `/data/birds.json${qs(args)}`, 400);
    }
  });

  it('query parameters are bound, never spliced', async () => {
    const sql = 'select id from birds where name = :name';
    for (const value of ["' or '1'='1", "x'; drop table birds; --"]) {
      const body = await getJson(
        ds,
        `/data/-/query.json${qs({ sql, name: value, _shape: 'arrayfirst' })}`,
      );
      assert.deepEqual(body, []);
    }
    await birdsIntact();
  });

  it('HTML links built from arguments are escaped', async () => {
    const res = await ds.client.get(`/data/birds${qs({ name: '"><script>alert(1)</script>' })}`);
    const page = await res.text();
    assert.equal(res.status, 200);
    assert.ok(!page.includes('<script>'));
    assert.ok(
      page.includes('&quot;&gt;&lt;script&gt;') || page.includes('&#34;&gt;&lt;script&gt;'),
    );
  });
});
