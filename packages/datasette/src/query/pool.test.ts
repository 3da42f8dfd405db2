import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { QueryError } from './errors.js';
import { QueryPool } from './pool.js';
import type { QueryRequest } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'query-pool-'));
const path = join(dir, 'data.db');
const writer = new BetterSqlite3(path);
writer.pragma('journal_mode = WAL');
writer.exec(`create table t (id integer primary key, name text, data blob);
  insert into t values (1, 'one', x'deadbeef'), (2, 'two', null), (3, 'three', null);`);
const pool = new QueryPool({ size: 2 });

function run(sql: string, extra: Partial<QueryRequest> = {}) {
  return pool.run({ path, sql, maxRows: 100, timeLimitMs: 2000, ...extra });
}

before(() => pool.warmUp());
after(async () => {
  await pool.close();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('QueryPool.run', () => {
  it('runs a select with named and positional parameters', async () => {
    assert.deepEqual(await run('select id, name from t where id > :min', { params: { min: 1 } }), {
      columns: ['id', 'name'],
      rows: [
        [2, 'two'],
        [3, 'three'],
      ],
      truncated: false,
    });
    const positional = await run('select name as a, id as b from t where id = ?', { params: [3] });
    assert.deepEqual(positional.columns, ['a', 'b']);
    assert.deepEqual(positional.rows, [['three', 3]]);
  });

  it('truncates at maxRows', async () => {
    const result = await run('select id from t order by id', { maxRows: 2 });
    assert.deepEqual(result.rows, [[1], [2]]);
    assert.equal(result.truncated, true);
  });

  it('round-trips BLOBs as Buffers and big integers as bigint', async () => {
    const blob = await run('select data, ? from t where id = 1', { params: [Buffer.from('hi')] });
    assert.ok(Buffer.isBuffer(blob.rows[0]?.[0]));
    assert.deepEqual(blob.rows, [[Buffer.from([0xde, 0xad, 0xbe, 0xef]), Buffer.from('hi')]]);
    const big = await run('select 9223372036854775807, ?, 7', { params: [-(2n ** 60n)] });
    assert.deepEqual(big.rows, [[9223372036854775807n, -(2n ** 60n), 7]]);
  });

  it('sees writes committed by the server process', async () => {
    writer.prepare("insert into t values (10, 'ten', null)").run();
    assert.deepEqual((await run('select name from t where id = 10')).rows, [['ten']]);
    writer.prepare('delete from t where id = 10').run();
  });

  it('refuses every write and leaves the database unchanged', async () => {
    const writes = [
      "insert into t values (9, 'x', null)",
      "update t set name = 'x'",
      'delete from t',
      'drop table t',
      'create table u (a)',
      `attach database '${join(dir, 'other.db')}' as other`,
      'pragma journal_mode=delete',
      'pragma query_only = 0',
      'vacuum',
    ];
    for (const sql of writes) {
      await assert.rejects(run(sql), { name: 'QueryError', code: 'SQL_NOT_READ_ONLY' }, sql);
    }
    await assert.rejects(run('select 1; drop table t'), { code: 'SQL_ERROR' });
    assert.deepEqual((await run('select count(*) from t')).rows, [[3]]);
    assert.equal(writer.pragma('journal_mode', { simple: true }), 'wal');
  });

  it('reports SQL errors, bad parameters and missing files as QueryErrors', async () => {
    await assert.rejects(run('select * from nope'), {
      code: 'SQL_ERROR',
      message: 'no such table: nope',
    });
    await assert.rejects(run('select :a, :b', { params: {} }), {
      code: 'SQL_BAD_PARAMS',
      message: 'Missing named parameters: a, b',
    });
    await assert.rejects(run('select ?', { params: [() => 1] }), { code: 'SQL_BAD_PARAMS' });
    await assert.rejects(run('select ?', { params: [new Date()] }), { code: 'SQL_BAD_PARAMS' });
    await assert.rejects(
      pool.run({ path: join(dir, 'missing.db'), sql: 'select 1', maxRows: 1, timeLimitMs: 1000 }),
      QueryError,
    );
  });

  it('validates requests and options up front', async () => {
    await assert.rejects(run('select 1', { maxRows: -1 }), RangeError);
    await assert.rejects(run('select 1', { timeLimitMs: 0 }), RangeError);
    await assert.rejects(run('select 1', { path: ':memory:' }), TypeError);
    await assert.rejects(
      run('select 1', { timeLimit: 5 } as Partial<QueryRequest>),
      /Unknown query request key "timeLimit"/,
    );
    assert.throws(() => new QueryPool({ size: 0 }), RangeError);
    assert.throws(() => new QueryPool({ sise: 2 } as object), /Unknown QueryPool option "sise"/);
  });

  it('answers many concurrent queries, never running more than size at once', async () => {
    const running = Array.from({ length: 25 }, (_, i) => run('select ?', { params: [i] }));
    assert.equal(pool.stats().busy, 2);
    assert.equal(pool.stats().queued, 23);
    const results = await Promise.all(running);
    assert.deepEqual(
      results.map((result) => result.rows[0]?.[0]),
      Array.from({ length: 25 }, (_, i) => i),
    );
    assert.deepEqual(
      { ...pool.stats(), pids: [] },
      { children: 3, ready: 3, busy: 0, queued: 0, pids: [] },
    );
  });
});
