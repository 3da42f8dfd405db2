import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Database } from '../db/database.js';
import { judgePlan, planIsBounded } from './run.js';
import { getSchema } from './schema.js';
import { type Filter, keysetPhases, type Sort, tableLayout } from './table-query.js';

const db = new Database({ name: 'plans', path: null });
db.exec(`
  create table birds (id integer primary key, name text, size text);
  create index birds_name on birds(name);
  create table compound (a text, b int, v text, w text, primary key (a, b));
  create index compound_v on compound(v);
  create table wr (a text, b int, v text, w text, primary key (a, b)) without rowid;
  create index wr_v on wr(v);
  create table plain (x, y);
`);
after(() => db.close());

/** Whether every phase of a page runs in process, for a cursor shaped like the real one. */
function local(
  table: string,
  opts: { sort?: Sort; filters?: Filter[]; cursor?: unknown[] | null },
) {
  const info = getSchema(db).tables.get(table);
  assert.ok(info);
  const sort = opts.sort ?? null;
  const phases = keysetPhases(
    info,
    tableLayout(info, sort),
    opts.filters ?? [],
    sort,
    101,
    opts.cursor ?? null,
  );
  return phases.map((p) => planIsBounded(db, p, p.constraints));
}

describe('judgePlan', () => {
  it('accepts an ordered range read using every constraint', () => {
    assert.equal(judgePlan(['SEARCH t USING INDEX i (name=? AND rowid>?)'], 2, true), true);
    assert.equal(judgePlan(['SCAN t'], 0, false), true);
  });

  it('refuses temp B-trees, scans with a where, unused constraints and virtual tables', () => {
    assert.equal(judgePlan(['SCAN t', 'USE TEMP B-TREE FOR ORDER BY'], 0, false), false);
    assert.equal(judgePlan(['SCAN t'], 1, true), false);
    assert.equal(judgePlan(['SEARCH t USING INDEX i (name=?)'], 2, true), false);
    assert.equal(judgePlan(['SCAN f VIRTUAL TABLE INDEX 0:'], 0, false), false);
  });
});

describe('planIsBounded on generated pages', () => {
  it('keyset pages by primary key, rowid or compound key run in process at any depth', () => {
    assert.deepEqual(local('birds', {}), [true]);
    assert.deepEqual(local('birds', { cursor: [500] }), [true]);
    assert.deepEqual(local('plain', { cursor: [500] }), [true]);
    assert.deepEqual(local('compound', { cursor: ['x', 3] }), [true]);
    assert.deepEqual(local('wr', { cursor: ['x', 3] }), [true]);
  });

  it('sorting by an indexed column stays in process in both directions, after NULL too', () => {
    const asc = { column: 'name', desc: false };
    const desc = { column: 'name', desc: true };
    assert.deepEqual(local('birds', { sort: asc }), [true]);
    assert.deepEqual(local('birds', { sort: asc, cursor: ['m', 5] }), [true, true]);
    assert.deepEqual(local('birds', { sort: asc, cursor: [null, 5] }), [true, true]);
    assert.deepEqual(local('birds', { sort: desc, cursor: ['m', 5] }), [true, true, true]);
    assert.deepEqual(local('compound', { sort: { column: 'v', desc: false }, cursor: ['m', 5] }), [
      true,
      true,
    ]);
    assert.deepEqual(local('wr', { sort: { column: 'v', desc: true }, cursor: ['m', 'a', 1] }), [
      true,
      true,
      true,
    ]);
  });

  it('sorting or filtering by an unindexed column goes to the pool', () => {
    assert.deepEqual(local('birds', { sort: { column: 'size', desc: false } }), [false]);
    assert.deepEqual(local('birds', { filters: [{ column: 'size', value: 'L' }] }), [false]);
    assert.deepEqual(
      local('birds', {
        filters: [
          { column: 'name', value: 'a' },
          { column: 'size', value: 'L' },
        ],
      }),
      [false],
    );
    assert.deepEqual(
      local('birds', {
        filters: [{ column: 'name', value: 'a' }],
        sort: { column: 'size', desc: false },
      }),
      [false],
    );
    assert.deepEqual(local('compound', { sort: { column: 'w', desc: false } }), [false]);
  });

  it('a filter on an indexed column stays in process', () => {
    assert.deepEqual(local('birds', { filters: [{ column: 'name', value: 'a' }], cursor: [10] }), [
      true,
    ]);
  });
});
