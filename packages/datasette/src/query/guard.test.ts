import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { QueryError } from './errors.js';
import { checkBeforePrepare, checkStatement, statementStart } from './guard.js';

const conn = new BetterSqlite3(':memory:');
conn.exec('create table t (a)');

function refused(sql: string): boolean {
  try {
    checkBeforePrepare(conn, sql);
    checkStatement(conn.prepare(sql));
    return false;
  } catch (error) {
    if (error instanceof QueryError && error.code === 'SQL_NOT_READ_ONLY') return true;
    throw error;
  }
}

describe('statementStart', () => {
  it('skips comments and EXPLAIN [QUERY PLAN]', () => {
    const sql = '-- note\n /* block */ explain /* x */ query plan\nselect 1';
    assert.equal(sql.slice(statementStart(sql)), 'select 1');
    assert.equal(statementStart('select 1'), 0);
    assert.equal('explainer'.slice(statementStart('explainer')), 'explainer');
  });
});

describe('read-only gate', () => {
  it('allows reads', () => {
    for (const sql of [
      'select * from t',
      'with x as (select 1) select * from x',
      'explain select 1',
      'explain query plan select * from t',
      "select * from pragma_table_info('t')",
      'pragma table_info(t)',
      "PRAGMA main.table_info('t');",
      'pragma cache_size',
      'pragma database_list -- trailing comment',
      'pragma index_list("t")',
    ]) {
      assert.equal(refused(sql), false, sql);
    }
  });

  it('refuses writes, attachments and setting changes', () => {
    for (const sql of [
      'insert into t values (1)',
      'update t set a = 1',
      'delete from t',
      'drop table t',
      'create table u (a)',
      'create temp table u (a)',
      "attach database 'x.db' as x",
      'detach main',
      'begin',
      'savepoint s',
      'vacuum',
      'analyze',
      'pragma journal_mode = delete',
      'pragma journal_mode',
      'pragma wal_checkpoint',
      'explain insert into t values (1)',
    ]) {
      assert.equal(refused(sql), true, sql);
    }
  });

  it('refuses pragmas that act while being prepared, before preparing them', () => {
    conn.pragma('query_only = 1');
    const before = conn.pragma('busy_timeout', { simple: true });
    for (const sql of [
      'pragma query_only = 0',
      'pragma query_only(0)',
      'pragma busy_timeout = 5',
      'pragma hard_heap_limit = 1',
      'pragma cache_size(100)',
      'pragma mmap_size = 1000',
      'explain pragma busy_timeout = 7',
      'pragma /* sneaky */ busy_timeout = 5',
      'pragma shrink_memory',
      'pragma nonexistent',
    ]) {
      assert.throws(() => checkBeforePrepare(conn, sql), { code: 'SQL_NOT_READ_ONLY' }, sql);
    }
    assert.equal(conn.pragma('query_only', { simple: true }), 1);
    assert.equal(conn.pragma('busy_timeout', { simple: true }), before);
  });
});
