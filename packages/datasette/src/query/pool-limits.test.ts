import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import BetterSqlite3 from 'better-sqlite3';
import { QueryPool } from './pool.js';

/** Never finishes on its own: only a kill stops it. */
const ENDLESS =
  'with recursive c(x) as (select 1 union all select x+1 from c) select count(*) from c';
const dir = mkdtempSync(join(tmpdir(), 'query-limits-'));
const path = join(dir, 'data.db');
new BetterSqlite3(path).exec('create table t (a); insert into t values (1);').close();
after(() => rmSync(dir, { recursive: true, force: true }));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `body` with a fresh, warmed-up pool and always closes it. */
async function withPool(
  options: { size?: number; spares?: number },
  body: (pool: QueryPool) => Promise<void>,
): Promise<void> {
  const pool = new QueryPool(options);
  try {
    await pool.warmUp();
    await body(pool);
  } finally {
    await pool.close();
  }
}

describe('QueryPool limits', () => {
  it('stops a slow query at its limit while other queries and the event loop carry on', () =>
    withPool({ size: 3 }, async (pool) => {
      let maxGap = 0;
      let last = performance.now();
      const ticker = setInterval(() => {
        const now = performance.now();
        maxGap = Math.max(maxGap, now - last);
        last = now;
      }, 5);
      const start = performance.now();
      const slow = pool.run({ path, sql: ENDLESS, maxRows: 10, timeLimitMs: 200 }).then(
        () => assert.fail('the endless query finished'),
        (error: unknown) => ({ error, at: performance.now() - start }),
      );
      const fast = await pool.run({ path, sql: 'select a from t', maxRows: 10, timeLimitMs: 1000 });
      const fastAt = performance.now() - start;
      const { error, at } = await slow;
      clearInterval(ticker);
      assert.deepEqual(fast.rows, [[1]]);
      assert.ok(fastAt < 200, `fast query took ${fastAt} ms`);
      assert.equal((error as { code?: string }).code, 'SQL_TIMEOUT');
      assert.match((error as Error).message, /over 200 ms/);
      // Timers may fire a fraction of a millisecond early.
      assert.ok(at >= 195 && at < 400, `timeout reported after ${at} ms`);
      // A blocked loop would stall for the whole 200 ms query; 100 ms leaves room for a busy CI box.
      assert.ok(maxGap < 100, `event loop stalled for ${maxGap} ms`);
    }));

  it('keeps answering after repeated timeouts', () =>
    withPool({ size: 2, spares: 1 }, async (pool) => {
      for (let i = 0; i < 3; i++) {
        await assert.rejects(pool.run({ path, sql: ENDLESS, maxRows: 1, timeLimitMs: 100 }), {
          code: 'SQL_TIMEOUT',
        });
      }
      const result = await pool.run({ path, sql: 'select 42', maxRows: 1, timeLimitMs: 5000 });
      assert.deepEqual(result.rows, [[42]]);
      await pool.warmUp(); // replacements come up
      assert.equal(pool.stats().ready, 3);
    }));

  it('fails a query that waits in the queue longer than its limit', () =>
    withPool({ size: 1, spares: 0 }, async (pool) => {
      const slow = pool.run({ path, sql: ENDLESS, maxRows: 1, timeLimitMs: 600 });
      const start = performance.now();
      await assert.rejects(pool.run({ path, sql: 'select 1', maxRows: 1, timeLimitMs: 100 }), {
        code: 'SQL_TIMEOUT',
        message: /could not start within 100 ms/,
      });
      assert.ok(performance.now() - start < 300);
      await assert.rejects(slow, { code: 'SQL_TIMEOUT' });
    }));

  it('rejects the query of a child that crashes, then recovers', () =>
    withPool({ size: 1, spares: 0 }, async (pool) => {
      const [pid] = pool.stats().pids;
      assert.ok(pid);
      const running = pool.run({ path, sql: ENDLESS, maxRows: 1, timeLimitMs: 10_000 });
      setTimeout(() => process.kill(pid, 'SIGKILL'), 50);
      await assert.rejects(running, { code: 'SQL_ERROR', message: 'query process exited' });
      const result = await pool.run({ path, sql: 'select 1', maxRows: 1, timeLimitMs: 10_000 });
      assert.deepEqual(result.rows, [[1]]);
      assert.notEqual(pool.stats().pids[0], pid);
    }));

  it('close() rejects pending queries and leaves no child processes', async () => {
    const pool = new QueryPool({ size: 2, spares: 1 });
    await pool.warmUp();
    const { pids } = pool.stats();
    assert.equal(pids.length, 3);
    // A child that has just timed out is still being killed: close() must wait for it too.
    await assert.rejects(pool.run({ path, sql: ENDLESS, maxRows: 1, timeLimitMs: 50 }), {
      code: 'SQL_TIMEOUT',
    });
    const running = assert.rejects(
      pool.run({ path, sql: ENDLESS, maxRows: 1, timeLimitMs: 10_000 }),
      { code: 'SQL_ERROR', message: 'query pool is closed' },
    );
    const seen = new Set([...pids, ...pool.stats().pids]);
    await pool.close();
    await running;
    assert.deepEqual([...seen].filter(isAlive), []);
    await assert.rejects(pool.run({ path, sql: 'select 1', maxRows: 1, timeLimitMs: 100 }), {
      message: 'query pool is closed',
    });
  });
});
