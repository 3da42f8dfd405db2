/**
 * Compatibility with the Python plugin, both ways: a database and key it wrote are read here, and
 * rows written here have the shape it writes (checked against its own rows, and decrypted by an
 * independent Fernet implementation so the check is not circular). Works on temp copies only.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Database } from '../../datasette/src/db/database.js';
import { Keyring } from '../src/crypto/keyring.js';
import { CREATE_SECRETS_TABLE_SQL, SECRETS_TABLE } from '../src/store/schema.js';
import { INSERT_VERSION_SQL, SqliteSecretStore } from '../src/store/sqlite.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/python-datasette-secrets/', import.meta.url),
);
const KEY = readFileSync(join(FIXTURE, 'key.txt'), 'utf8'); // keeps its newline, as $file would
const EXPECTED = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  rows: Array<Record<string, unknown> & { id: number; plaintext: string }>;
};
const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const COLUMNS = [
  'id',
  'name',
  'note',
  'version',
  'encrypted',
  'encryption_key_name',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'deleted_at',
  'deleted_by',
  'last_used_at',
  'last_used_by',
];
const TYPEOF_SQL = `select ${COLUMNS.map((c) => `typeof(${c}) as ${c}`).join(', ')} from ${SECRETS_TABLE} where id = ?`;

const work = mkdtempSync(join(tmpdir(), 'secrets-compat-'));
after(() => rmSync(work, { recursive: true, force: true }));
let copies = 0;
/** A private copy of the fixture database (never the original). */
function fixtureCopy(readOnly: boolean): Database {
  const path = join(work, `fixture-${++copies}.db`);
  copyFileSync(join(FIXTURE, 'internal.db'), path);
  return new Database({ name: '_internal', path, readOnly });
}

/** Fernet verification written from the spec with raw node:crypto, sharing no code with ours. */
function independentDecrypt(keyText: string, token: string): string {
  assert.match(token, /^gAAAAA[A-Za-z0-9_-]+={0,2}$/);
  assert.equal(token.length % 4, 0, 'token is padded');
  const key = Buffer.from(keyText.trim().replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  const data = Buffer.from(token.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  assert.equal(data[0], 0x80);
  const mac = createHmac('sha256', key.subarray(0, 16)).update(data.subarray(0, -32)).digest();
  assert.ok(timingSafeEqual(mac, data.subarray(-32)), 'HMAC verifies');
  const aes = createDecipheriv('aes-128-cbc', key.subarray(16), data.subarray(9, 25));
  return Buffer.concat([aes.update(data.subarray(25, -32)), aes.final()]).toString('utf8');
}

describe('reading a database written by the Python plugin', () => {
  const db = fixtureCopy(true); // read-only: reading must never need a write
  const store = new SqliteSecretStore(db);
  const ring = Keyring.single(KEY);

  it('decrypts every row to its exact plaintext (unicode, CRLF)', () => {
    assert.equal(EXPECTED.rows.length, 5);
    for (const expected of EXPECTED.rows) {
      const row = db.get<{ encrypted: Buffer; encryption_key_name: string }>(
        `select * from ${SECRETS_TABLE} where id = ?`,
        [expected.id],
      );
      assert.ok(row && Buffer.isBuffer(row.encrypted));
      const token = row.encrypted.toString('ascii');
      assert.equal(ring.decrypt(token, row.encryption_key_name), expected.plaintext);
      assert.equal(token.length, expected.encrypted_len);
      assert.ok(token.startsWith(String(expected.encrypted_prefix)));
      const issued = Buffer.from(token, 'base64url').readBigUInt64BE(1);
      assert.equal(Number(issued), expected.fernet_timestamp);
      // Every other column, value for value (expected.json adds facts that are not columns).
      const pick = (r: Record<string, unknown>) =>
        Object.fromEntries(COLUMNS.filter((c) => c !== 'encrypted').map((c) => [c, r[c]]));
      assert.deepEqual(pick(row), pick(expected));
      assert.equal(db.get(TYPEOF_SQL, [expected.id])?.encrypted, expected.encrypted_sqlite_type);
    }
  });

  it('reads the latest version and lists one row per name', () => {
    const latest = store.latest('EXAMPLE_SECRET');
    assert.equal(latest?.version, 2);
    assert.equal(
      ring.decrypt(latest?.encrypted ?? '', latest?.encryptionKeyName ?? ''),
      'example-secret-v2',
    );
    assert.equal(store.latest('UNICODE_SECRET')?.lastUsedBy, 'fixture-reader');
    assert.deepEqual(
      store.listLatest().map((r) => `${r.name}@${r.version}`),
      ['EXAMPLE_SECRET@2', 'MULTILINE_SECRET@1', 'NOTE_ONLY_SECRET@1', 'UNICODE_SECRET@1'],
    );
  });

  it('has the column facts the README promises', () => {
    for (const row of db.all<Record<string, string | null>>(`select * from ${SECRETS_TABLE}`)) {
      assert.equal(row.encryption_key_name, 'default');
      assert.equal(row.deleted_at, null);
      assert.equal(row.deleted_by, null);
      for (const c of ['created_at', 'updated_at', 'last_used_at']) {
        if (row[c] !== null) assert.match(String(row[c]), TIMESTAMP);
      }
    }
  });

  it('defines the table exactly as our schema does', () => {
    const fresh = new Database({ name: 'fresh', path: null });
    new SqliteSecretStore(fresh).ensureSchema();
    const sqlOf = (d: Database) =>
      d.get<{ sql: string }>("select sql from sqlite_master where type = 'table' and name = ?", [
        SECRETS_TABLE,
      ])?.sql;
    assert.equal(sqlOf(fresh), sqlOf(db));
    const schemaFile = readFileSync(join(FIXTURE, 'schema.sql'), 'utf8').trim().replace(/;$/, '');
    assert.equal(sqlOf(db), schemaFile);
    assert.ok(CREATE_SECRETS_TABLE_SQL.includes(schemaFile.replace('CREATE TABLE ', '')));
  });
});

describe('writing rows the Python plugin can read', () => {
  const ring = Keyring.single(KEY);
  const pythonShape = (() => {
    const db = fixtureCopy(true);
    return db.get(TYPEOF_SQL, [1]); // an unused row: last_used_* NULL, as a fresh row is
  })();
  const targets = {
    'a fresh database': new Database({ name: 'f', path: join(work, 'fresh.db'), create: true }),
    'a copy of the fixture': fixtureCopy(false),
  };

  for (const [label, db] of Object.entries(targets)) {
    it(`writes Python-shaped rows into ${label}`, () => {
      const store = new SqliteSecretStore(db);
      store.ensureSchema();
      const before = store.latest('EXAMPLE_SECRET')?.version ?? 0;
      const values = ['new-example', 'pässwörd-🔑 ✓', 'line one\r\nline two', ''];
      const rows = values.map((value, i) => {
        const { token, keyName } = ring.encrypt(value);
        const note = i === 1 ? 'ünïcödé' : '';
        return store.insertVersion({
          name: 'EXAMPLE_SECRET',
          encrypted: token,
          keyName,
          note,
          actorId: 'root',
        });
      });
      rows.forEach((row, i) => {
        assert.equal(row.version, before + i + 1);
        assert.deepEqual(db.get(TYPEOF_SQL, [row.id]), pythonShape);
        const stored = db.get<{ encrypted: Buffer; note: string }>(
          `select encrypted, note from ${SECRETS_TABLE} where id = ?`,
          [row.id],
        );
        assert.ok(stored && Buffer.isBuffer(stored.encrypted));
        assert.equal(independentDecrypt(KEY, stored.encrypted.toString('ascii')), values[i]);
        assert.equal(stored.note, i === 1 ? 'ünïcödé' : '');
        assert.equal(row.encryptionKeyName, 'default');
        for (const t of [row.createdAt, row.updatedAt]) assert.match(t ?? '', TIMESTAMP);
      });
    });
  }

  const python = spawnSync('python3', ['-c', 'import cryptography.fernet'], { encoding: 'utf8' });
  it('is read by Python cryptography.fernet itself', {
    skip: python.status !== 0 && 'no python3 cryptography',
  }, () => {
    const db = targets['a copy of the fixture'];
    const path = db.path ?? '';
    db.conn.pragma('wal_checkpoint(TRUNCATE)');
    const script = `import sqlite3, sys, json
from cryptography.fernet import Fernet
f = Fernet(open(sys.argv[2]).read().strip())
rows = sqlite3.connect(sys.argv[1]).execute("select id, encrypted from datasette_secrets order by id")
print(json.dumps({i: f.decrypt(e).decode("utf-8") for i, e in rows}))`;
    const out = spawnSync('python3', ['-c', script, path, join(FIXTURE, 'key.txt')], {
      encoding: 'utf8',
    });
    assert.equal(out.status, 0, out.stderr);
    const plain = Object.values(JSON.parse(out.stdout) as Record<string, string>);
    assert.deepEqual(
      plain.slice(0, 5),
      EXPECTED.rows.map((r) => r.plaintext),
    );
    assert.deepEqual(plain.slice(5), ['new-example', 'pässwörd-🔑 ✓', 'line one\r\nline two', '']);
  });
});

describe('concurrent saves from two processes', () => {
  // CommonJS so the child can require better-sqlite3 by absolute path from the temp dir.
  const CHILD = `const [modPath, dbPath, sql, who, token, startAt] = process.argv.slice(2);
const Database = require(modPath);
const db = new Database(dbPath, { timeout: 30000 });
db.pragma('journal_mode = WAL');
const insert = db.prepare(sql);
while (Date.now() < Number(startAt)) {} // start together, to collide as much as possible
for (let i = 0; i < 30; i++) {
  const until = Date.now() + 2; // a short pause so the two writers interleave, not run in turn
  while (Date.now() < until) {}
  insert.run({ name: 'RACE', note: who + ' ' + i, encrypted: Buffer.from(token, 'ascii'), keyName: 'default', actorId: who });
}
db.close();`;

  function runChild(args: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('gives versions exactly 1..60, none lost, none duplicated', async () => {
    const path = join(work, 'race.db');
    const db = new Database({ name: 'race', path, create: true }); // WAL
    new SqliteSecretStore(db).ensureSchema();
    const script = join(work, 'insert-versions.cjs');
    writeFileSync(script, CHILD);
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const token = Keyring.single(KEY).encrypt('race').token;
    const startAt = String(Date.now() + 400);
    const results = await Promise.all(
      ['a', 'b'].map((who) =>
        runChild([script, sqlite, path, INSERT_VERSION_SQL, who, token, startAt]),
      ),
    );
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const versions = db
      .all<{ version: number }>(
        `select version from ${SECRETS_TABLE} where name = 'RACE' order by version`,
      )
      .map((r) => r.version);
    assert.deepEqual(
      versions,
      Array.from({ length: 60 }, (_, i) => i + 1),
    );
    const perWriter = db.all(
      `select created_by as who, count(*) as n from ${SECRETS_TABLE} group by 1 order by 1`,
    );
    const order = db.all<{ who: string }>(
      `select created_by as who from ${SECRETS_TABLE} order by id`,
    );
    const switches = order.filter((r, i) => i > 0 && r.who !== order[i - 1].who).length;
    assert.ok(
      switches >= 2,
      `writers did not overlap (${switches} switches): the test proved nothing`,
    );
    assert.deepEqual(perWriter, [
      { who: 'a', n: 30 },
      { who: 'b', n: 30 },
    ]);
    db.close();
  });
});
