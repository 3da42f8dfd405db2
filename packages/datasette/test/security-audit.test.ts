/**
 * Regression tests for problems found by a security audit of the host: each test is one finding,
 * attacked the way a browser or curl would.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { dbState } from '../src/browse/state.js';
import { type Datasette, redirect } from '../src/index.js';
import { MAX_RESULT_BYTES } from '../src/query/execute.js';
import { makeDatasette, makeDb, tempDir } from './helpers.js';

const hosts: Datasette[] = [];
const dirs: Array<() => void> = [];
after(async () => {
  for (const ds of hosts) await ds.close();
  for (const cleanup of dirs) cleanup();
});

function host(sql?: string): Datasette {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  const ds = makeDatasette({ files: [makeDb(dir, 'data', sql)] });
  hosts.push(ds);
  return ds;
}

/** Runs `fn` with console.error captured; returns what was logged. */
async function captureErrors(fn: () => Promise<void>): Promise<string[]> {
  const logged: string[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(args.map(String).join(' '));
  try {
    await fn();
  } finally {
    console.error = original;
  }
  return logged;
}

describe('security audit: /-/create-token expiry', () => {
  it('an expire_type naming an Object.prototype member is a 400, not a 500', async () => {
    const ds = host();
    const logged = await captureErrors(async () => {
      for (const expireType of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const res = await ds.client.post('/-/create-token', {
          actor: { id: 'alice' },
          form: { expire_type: expireType, expire_duration: '5' },
        });
        assert.equal(res.status, 400, `expire_type=${expireType}`);
        assert.doesNotMatch(await res.text(), /dstok_/);
      }
    });
    assert.deepEqual(logged, [], 'nothing is logged as an internal error');
  });

  it('a duration too large to be a whole number of seconds is a 400, not a 500', async () => {
    const ds = host();
    const logged = await captureErrors(async () => {
      const res = await ds.client.post('/-/create-token', {
        actor: { id: 'alice' },
        form: { expire_type: 'days', expire_duration: '99999999999999999' },
      });
      assert.equal(res.status, 400);
    });
    assert.deepEqual(logged, []);
  });
});

describe('security audit: /-/static', () => {
  it('a CSS file that does not exist is a 404, not a logged 500', async () => {
    const ds = host();
    const logged = await captureErrors(async () => {
      const res = await ds.client.get('/-/static/no-such-file.css');
      assert.equal(res.status, 404);
      assert.ok(res.headers.get('content-security-policy'), 'security headers are present');
    });
    assert.deepEqual(logged, []);
  });
});

describe('security audit: browse caches', () => {
  it('query-plan verdicts stay bounded however many distinct filter URLs are requested', async () => {
    const ds = host('create table t (id integer primary key, a text, b text);');
    const db = ds.getDatabase('data');
    // Each filter sequence is a different SQL text: an anonymous client can mint them forever.
    for (let n = 1; n <= 350; n++) {
      const filters = Array.from({ length: n }, () => 'a=1').join('&');
      for (const sort of ['', '&_sort=a', '&_sort_desc=a']) {
        const res = await ds.client.get(`/data/t.json?${filters}${sort}`);
        assert.equal(res.status, 200);
        await res.arrayBuffer();
      }
    }
    assert.ok(dbState(db).plans.size <= 1000, `plans cache holds ${dbState(db).plans.size}`);
  });
});

describe('security audit: result size of user SQL', () => {
  it('a query whose result is larger than the budget is refused with a 400, not buffered', async () => {
    const ds = host();
    const big = MAX_RESULT_BYTES + 1024;
    const res = await ds.client.get(
      `/data/-/query.json?sql=${encodeURIComponent(`select zeroblob(${big}) as b`)}`,
    );
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: string };
    assert.match(body.error, /too large/);
  });

  it('many rows that together exceed the budget are refused too', async () => {
    const ds = host();
    const each = Math.ceil(MAX_RESULT_BYTES / 100);
    const sql = `with recursive c(x) as (select 1 union all select x + 1 from c where x < 200) select randomblob(${each}) from c`;
    const res = await ds.client.get(
      `/data/-/query.json?sql=${encodeURIComponent(sql)}&_timelimit=60000`,
    );
    assert.equal(res.status, 400);
    assert.match(((await res.json()) as { error: string }).error, /too large/);
  });

  it('ordinary results are unaffected', async () => {
    const ds = host();
    const res = await ds.client.get(
      `/data/-/query.json?sql=${encodeURIComponent("select 'x' as a, zeroblob(1000) as b")}`,
    );
    assert.equal(res.status, 200);
  });
});

describe('security audit: redirect() helper', () => {
  it('refuses a path that a browser would read as another host once it drops tabs and newlines', () => {
    // Browsers remove ASCII tab and newline from URLs, so "/\t/evil.example" means
    // "//evil.example"; Headers accept a tab in a value, so nothing else would stop it.
    for (const location of ['/\t/evil.example', '/\t\\evil.example', '/\u0000/x', '/\u001f/x']) {
      assert.throws(() => redirect(location), /local path/, JSON.stringify(location));
    }
    assert.equal(redirect('/-/secrets').headers.get('location'), '/-/secrets');
    assert.equal(redirect('/data/t?x=%09').headers.get('location'), '/data/t?x=%09');
  });
});
