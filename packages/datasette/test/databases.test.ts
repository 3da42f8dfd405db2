/**
 * Attached databases and the internal database, and the Database API plugins use (the examples
 * in docs/host.md): names from file stems, WAL, the hidden internal database, reads, writes,
 * transactions and statement caching.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Database, type Datasette, NotFound } from '../src/index.js';
import { makeDatasette, makeDb, tempDir } from './helpers.js';

const { dir, cleanup } = tempDir('ds-db-');
const hosts: Datasette[] = [];
after(async () => {
  for (const ds of hosts) await ds.close();
  cleanup();
});

describe('attached databases', () => {
  it('are named after the file stem, clashes getting _2, _3', async () => {
    mkdirSync(path.join(dir, 'a'), { recursive: true });
    mkdirSync(path.join(dir, 'b'), { recursive: true });
    const one = makeDb(path.join(dir, 'a'), 'data');
    const two = makeDb(path.join(dir, 'b'), 'data');
    const three = makeDb(dir, 'data');
    const ds = makeDatasette({ files: [one, two, three] });
    hosts.push(ds);
    assert.deepEqual([...ds.databases.keys()], ['data', 'data_2', 'data_3']);
    const listed = (await (await ds.client.get('/-/databases.json')).json()) as Array<{
      name: string;
      path: string;
    }>;
    assert.deepEqual(
      listed.map((d) => [d.name, d.path]),
      [
        ['data', one],
        ['data_2', two],
        ['data_3', three],
      ],
    );
  });

  it('writable file databases use WAL', () => {
    const ds = makeDatasette({ files: [makeDb(dir, 'wal')] });
    hosts.push(ds);
    const mode = ds.getDatabase('wal').get<{ journal_mode: string }>('pragma journal_mode');
    assert.equal(mode?.journal_mode, 'wal');
  });

  it('getDatabase throws NotFound for an unknown name', () => {
    const ds = makeDatasette();
    hosts.push(ds);
    assert.throws(() => ds.getDatabase('nope'), NotFound);
  });
});

describe('the internal database', () => {
  it('is never listed, browsable or reachable by name', async () => {
    const ds = makeDatasette({ files: [makeDb(dir, 'visible')] });
    hosts.push(ds);
    const internal = ds.getInternalDatabase();
    assert.equal(internal.name, '__INTERNAL__');
    assert.equal(internal.isMemory, true);
    internal.exec('create table if not exists hidden_marker (x)');
    for (const name of ['__INTERNAL__', '_internal']) {
      assert.throws(() => ds.getDatabase(name), NotFound);
    }
    const listed = JSON.stringify(await (await ds.client.get('/-/databases.json')).json());
    assert.ok(!listed.includes('INTERNAL') && !listed.includes('_internal'));
    const index = JSON.stringify(
      await (await ds.client.get('/.json', { actor: { id: 'root' } })).json(),
    );
    assert.ok(!index.includes('INTERNAL'));
    const html = await (await ds.client.get('/', { actor: { id: 'root' } })).text();
    assert.ok(!html.includes('hidden_marker'));
  });

  it('lives in a file with --internal PATH, created when missing, and survives a restart', async () => {
    const file = path.join(dir, 'internal.db');
    const first = makeDatasette({ internal: file });
    first.getInternalDatabase().exec('create table kept (v text)');
    first.getInternalDatabase().run('insert into kept values (?)', ['yes']);
    await first.close();
    assert.ok(existsSync(file));
    const second = makeDatasette({ internal: file });
    hosts.push(second);
    assert.deepEqual(second.getInternalDatabase().all('select v from kept'), [{ v: 'yes' }]);
  });
});

describe('Database API', () => {
  const db = new Database({ name: 'api', path: null });
  after(() => db.close());

  it('exec, run, all, get', () => {
    db.exec('create table notes (id integer primary key, body text, n integer)');
    const result = db.run('insert into notes (body, n) values (?, ?)', ['first', 1]);
    assert.equal(result.changes, 1);
    assert.equal(result.lastInsertRowid, 1);
    db.run('insert into notes (body, n) values (:body, :n)', { body: 'second', n: 2 });
    assert.deepEqual(db.all('select body from notes order by id'), [
      { body: 'first' },
      { body: 'second' },
    ]);
    assert.deepEqual(db.get('select n from notes where body = ?', ['second']), { n: 2 });
    assert.equal(db.get('select * from notes where id = ?', [99]), undefined);
    assert.equal(db.tableExists('notes'), true);
    assert.equal(db.tableExists('nope'), false);
  });

  it('transaction commits, or rolls back when the function throws', () => {
    db.transaction(() => {
      db.run('insert into notes (body) values (?)', ['in tx']);
    });
    assert.ok(db.get('select 1 from notes where body = ?', ['in tx']));
    assert.throws(() =>
      db.transaction(() => {
        db.run('insert into notes (body) values (?)', ['rolled back']);
        throw new Error('abort');
      }),
    );
    assert.equal(db.get('select 1 from notes where body = ?', ['rolled back']), undefined);
  });

  it('prepare caches statements by SQL text', () => {
    const a = db.prepare('select count(*) as c from notes');
    assert.equal(db.prepare('select count(*) as c from notes'), a);
    assert.equal((a.get() as { c: number }).c, 3);
  });

  it('a read-only database refuses writes with a clear error', () => {
    const file = makeDb(dir, 'ro');
    const ro = new Database({ name: 'ro', path: file, readOnly: true });
    try {
      assert.throws(
        () => ro.run('insert into birds (name) values (?)', ['x']),
        /"ro" is read-only/,
      );
      assert.throws(() => ro.exec('delete from birds'), /read-only/);
      assert.deepEqual(ro.all('select count(*) as c from birds'), [{ c: 0 }]);
    } finally {
      ro.close();
    }
  });
});
