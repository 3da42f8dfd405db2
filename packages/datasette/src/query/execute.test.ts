import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { executeQuery } from './execute.js';

const dir = mkdtempSync(join(tmpdir(), 'query-execute-'));
const path = join(dir, 'data.db');
const writer = new BetterSqlite3(path);
writer.pragma('journal_mode = WAL');
writer.exec(`create table t (id integer primary key, name text, data blob);
  insert into t values (1, 'one', x'00ff10'), (2, 'two', null), (3, 'three', null);`);
const conn = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
conn.pragma('query_only = 1');
after(() => {
  conn.close();
  writer.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('executeQuery', () => {
  it('returns columns and rows as arrays, with named and positional parameters', () => {
    const named = executeQuery(conn, 'select id, name from t where id >= :min', { min: 2 }, 10);
    assert.deepEqual(named, {
      columns: ['id', 'name'],
      rows: [
        [2, 'two'],
        [3, 'three'],
      ],
      truncated: false,
    });
    const positional = executeQuery(conn, 'select name, name from t where id = ?', [1], 10);
    assert.deepEqual(positional.columns, ['name', 'name']);
    assert.deepEqual(positional.rows, [['one', 'one']]);
  });

  it('truncates at maxRows', () => {
    assert.deepEqual(executeQuery(conn, 'select id from t order by id', [], 2), {
      columns: ['id'],
      rows: [[1], [2]],
      truncated: true,
    });
    assert.equal(executeQuery(conn, 'select id from t', [], 3).truncated, false);
    assert.deepEqual(executeQuery(conn, 'select id from t', [], 0).rows, []);
  });

  it('returns BLOBs as Buffers and keeps big integers exact', () => {
    const [[blob]] = executeQuery(conn, 'select data from t where id = 1', [], 1).rows;
    assert.deepEqual(blob, Buffer.from([0x00, 0xff, 0x10]));
    const { rows } = executeQuery(conn, 'select 9007199254740993, 42, -9007199254740993', [], 1);
    assert.deepEqual(rows, [[9007199254740993n, 42, -9007199254740993n]]);
    assert.equal(executeQuery(conn, 'select ?', [2n ** 62n], 1).rows[0]?.[0], 2n ** 62n);
  });

  it('sees rows committed by another connection in WAL mode', () => {
    writer.prepare("insert into t values (4, 'four', null)").run();
    assert.deepEqual(executeQuery(conn, 'select count(*) from t', [], 1).rows, [[4]]);
    writer.prepare('delete from t where id = 4').run();
  });

  it('names every missing named parameter', () => {
    assert.throws(() => executeQuery(conn, 'select :a, :b, @c, $d', { b: 1 }, 1), {
      code: 'SQL_BAD_PARAMS',
      message: 'Missing named parameters: a, c, d',
    });
    assert.throws(() => executeQuery(conn, 'select :a', {}, 1), {
      message: 'Missing named parameter: a',
    });
  });

  it('reports other parameter problems as SQL_BAD_PARAMS', () => {
    assert.throws(() => executeQuery(conn, 'select ?, ?', [1], 1), { code: 'SQL_BAD_PARAMS' });
    assert.throws(() => executeQuery(conn, 'select ?', [1, 2], 1), { code: 'SQL_BAD_PARAMS' });
    assert.throws(() => executeQuery(conn, 'select ?', [{}], 1), { code: 'SQL_BAD_PARAMS' });
  });

  it("passes SQLite's message through for SQL errors", () => {
    assert.throws(() => executeQuery(conn, 'select * from missing', [], 1), {
      code: 'SQL_ERROR',
      message: 'no such table: missing',
    });
    assert.throws(() => executeQuery(conn, 'select 1; select 2', [], 1), {
      code: 'SQL_ERROR',
      message: 'Only one SQL statement can be run at a time',
    });
  });

  it('refuses every kind of write and leaves the database unchanged', () => {
    for (const sql of [
      "insert into t values (9, 'x', null)",
      "update t set name = 'x'",
      'delete from t',
      'drop table t',
      'create table u (a)',
      "attach database 'other.db' as other",
      'pragma journal_mode=delete',
      'pragma user_version = 5',
      'vacuum',
    ]) {
      assert.throws(() => executeQuery(conn, sql, [], 1), { code: 'SQL_NOT_READ_ONLY' }, sql);
    }
    assert.throws(() => executeQuery(conn, 'select 1; drop table t', [], 1), { code: 'SQL_ERROR' });
    assert.deepEqual(executeQuery(conn, 'select count(*) from t', [], 1).rows, [[3]]);
    assert.equal(writer.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(writer.pragma('user_version', { simple: true }), 0);
  });
});
