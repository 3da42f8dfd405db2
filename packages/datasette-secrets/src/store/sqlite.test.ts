import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Database } from '../../../datasette/src/db/database.js';
import { Keyring } from '../crypto/keyring.js';
import { sqliteNow } from './last-used.js';
import { CREATE_SECRETS_TABLE_SQL, SECRETS_TABLE } from './schema.js';
import { SqliteSecretStore } from './sqlite.js';
import type { SqlDatabase } from './types.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

function fresh(): { db: Database; store: SqliteSecretStore; ring: Keyring } {
  const db = new Database({ name: '_internal', path: null });
  const compatible: SqlDatabase = db; // the host's class fits the structural interface
  const store = new SqliteSecretStore(compatible);
  store.ensureSchema();
  return { db, store, ring: Keyring.single('cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=') };
}

function save(s: ReturnType<typeof fresh>, name: string, value: string, note?: string) {
  const { token, keyName } = s.ring.encrypt(value);
  return s.store.insertVersion({ name, encrypted: token, keyName, note, actorId: 'root' });
}

describe('SqliteSecretStore', () => {
  it('creates the table idempotently, with the index', () => {
    const { db, store } = fresh();
    assert.ok(store.tableExists());
    store.ensureSchema();
    const index = db.get("select name from sqlite_master where type = 'index'");
    assert.deepEqual(index, { name: 'datasette_secrets_name_version' });
    assert.ok(CREATE_SECRETS_TABLE_SQL.startsWith(`create table if not exists ${SECRETS_TABLE}`));
  });

  it('reports a missing table', () => {
    const db = new Database({ name: 'x', path: null });
    assert.equal(new SqliteSecretStore(db).tableExists(), false);
  });

  it('inserts versions 1, 2, 3 per name and reads the latest', () => {
    const s = fresh();
    const first = save(s, 'API_KEY', 'v1', 'first');
    assert.equal(first.version, 1);
    assert.equal(save(s, 'OTHER', 'o1').version, 1);
    assert.equal(save(s, 'API_KEY', 'v2').version, 2);
    const third = save(s, 'API_KEY', 'v3', 'third');
    assert.equal(third.version, 3);
    const latest = s.store.latest('API_KEY');
    assert.deepEqual(latest, third);
    assert.equal(s.ring.decrypt(latest?.encrypted ?? '', latest?.encryptionKeyName ?? ''), 'v3');
    assert.equal(s.store.latest('MISSING'), undefined);
  });

  it('fills every column as the Python plugin does', () => {
    const s = fresh();
    const row = save(s, 'API_KEY', 'value');
    assert.equal(row.note, '');
    assert.equal(row.encryptionKeyName, 'default');
    assert.equal(row.createdBy, 'root');
    assert.equal(row.updatedBy, 'root');
    assert.match(row.createdAt ?? '', TIMESTAMP);
    assert.equal(row.createdAt, row.updatedAt);
    assert.equal(row.deletedAt, null);
    assert.equal(row.lastUsedAt, null);
    const types = s.db.get(
      `select typeof(encrypted) as t, typeof(note) as n from ${SECRETS_TABLE}`,
    );
    assert.deepEqual(types, { t: 'blob', n: 'text' });
  });

  it('refuses to store something that is not a Fernet token, without echoing it', () => {
    const s = fresh();
    const attempt = { name: 'K', encrypted: 'sk-plaintext-sentinel', keyName: 'default' };
    assert.throws(
      () => s.store.insertVersion({ ...attempt, actorId: null }),
      (e: unknown) => e instanceof TypeError && !e.message.includes('sentinel'),
    );
    assert.throws(() => s.store.insertVersion({ ...attempt, name: '', actorId: null }), TypeError);
  });

  it('reads a token stored as TEXT as well as BLOB, and NULL as an empty string', () => {
    const s = fresh();
    const { token } = s.ring.encrypt('as text');
    const insert = `insert into ${SECRETS_TABLE} (name, version, encrypted, encryption_key_name)
      values (?, 1, ?, 'default')`;
    s.db.run(insert, ['TEXT_TOKEN', token]);
    s.db.run(insert, ['NULL_TOKEN', null]);
    const row = s.store.latest('TEXT_TOKEN');
    assert.equal(s.ring.decrypt(row?.encrypted ?? '', 'default'), 'as text');
    assert.equal(s.store.latest('NULL_TOKEN')?.encrypted, '');
  });

  it('lists the latest version of every name, ordered by name', () => {
    const s = fresh();
    save(s, 'B', 'b1');
    save(s, 'A', 'a1');
    save(s, 'B', 'b2');
    const list = s.store.listLatest();
    assert.deepEqual(
      list.map((r) => [r.name, r.version]),
      [
        ['A', 1],
        ['B', 2],
      ],
    );
    assert.equal(list[1].id, s.store.latest('B')?.id);
    assert.ok(!('encrypted' in list[1]), 'listings never carry the ciphertext');
  });

  it('a table dropped after it was seen reads as empty, and is seen again once recreated', () => {
    const s = fresh();
    save(s, 'K', 'one');
    assert.ok(s.store.tableExists());
    s.db.exec(`drop table ${SECRETS_TABLE}`);
    assert.deepEqual(s.store.listLatest(), []);
    assert.equal(s.store.latest('K'), undefined);
    assert.equal(s.store.tableExists(), false);
    s.store.ensureSchema();
    assert.equal(s.store.tableExists(), true);
  });

  it('ignores soft-deleted rows when reading, but never reuses their version', () => {
    const s = fresh();
    save(s, 'K', 'one');
    const two = save(s, 'K', 'two');
    s.db.run(`update ${SECRETS_TABLE} set deleted_at = datetime('now') where id = ?`, [two.id]);
    assert.equal(s.store.latest('K')?.version, 1);
    assert.deepEqual(
      s.store.listLatest().map((r) => r.version),
      [1],
    );
    assert.equal(save(s, 'K', 'three').version, 3);
  });

  it('updates a note in place, recording who and when', () => {
    const s = fresh();
    const row = save(s, 'K', 'v', 'old');
    s.db.run(`update ${SECRETS_TABLE} set updated_at = '2000-01-01 00:00:00'`);
    assert.equal(s.store.updateNote({ id: row.id, note: 'new', actorId: 'alice' }), true);
    const after = s.store.latest('K');
    assert.equal(after?.version, 1);
    assert.equal(after?.note, 'new');
    assert.equal(after?.updatedBy, 'alice');
    assert.notEqual(after?.updatedAt, '2000-01-01 00:00:00');
    assert.equal(after?.createdAt, row.createdAt);
    s.store.updateNote({ id: row.id, note: null, actorId: 'alice' });
    assert.equal(s.store.latest('K')?.note, '');
    assert.equal(s.store.updateNote({ id: 999, note: 'x', actorId: null }), false);
  });

  it('records last use, with NULL for anonymous', () => {
    const s = fresh();
    const row = save(s, 'K', 'v');
    s.store.touchLastUsed(row.id, 'reader');
    let after = s.store.latest('K');
    assert.match(after?.lastUsedAt ?? '', TIMESTAMP);
    assert.equal(after?.lastUsedBy, 'reader');
    s.store.touchLastUsed(row.id, null, '2030-01-02 03:04:05');
    after = s.store.latest('K');
    assert.equal(after?.lastUsedAt, '2030-01-02 03:04:05');
    assert.equal(after?.lastUsedBy, null);
    assert.equal(after?.updatedBy, 'root'); // a use is not an update
  });

  it("sqliteNow matches SQLite's datetime('now') to the second", () => {
    const { db } = fresh();
    const before = sqliteNow();
    const sqlite = (db.get("select datetime('now') as now") as { now: string }).now;
    const after = sqliteNow();
    assert.ok(sqlite === before || sqlite === after);
  });
});
