/**
 * Audit against ../shared/spec/secrets-reference.md: the compatibility cases the other files do
 * not reach. Rows the Python plugin may have written (TEXT tokens, NULL columns, version gaps and
 * duplicates, names our validation rejects), the exact shape of rows written through our pages,
 * Python's own queries over them, config spellings, env-var edge cases, deterministic last-used
 * bookkeeping and the exact strings users see.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { describe, it, mock } from 'node:test';
import type { Datasette } from 'datasette';
import { Keyring } from '../src/crypto/index.js';
import { getSecret, MAX_NOTE_LENGTH } from '../src/index.js';
import {
  ADMIN,
  captureOutput,
  flashMessages,
  registering,
  secretRows,
  startHost,
  TEST_KEY,
  tempPath,
} from './helpers.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const ring = Keyring.single(TEST_KEY);
const token = (value: string) => ring.encrypt(value).token;

/** Insert a row the way some other writer (the Python plugin, by hand) might have. */
function insertRaw(ds: Datasette, row: Record<string, unknown>): void {
  const cols = Object.keys(row);
  ds.getInternalDatabase().run(
    `insert into datasette_secrets (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
    cols.map((c) => row[c]),
  );
}

async function page(ds: Datasette, path: string): Promise<{ status: number; body: string }> {
  const res = await ds.client.get(path, ADMIN);
  return { status: res.status, body: await res.text() };
}

describe('rows written through our pages have the Python shape', () => {
  it('every column has the SQLite type the Python plugin gives it', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v1' } });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v2', note: 'n' },
    });
    await getSecret(ds, 'EXAMPLE_SECRET', 'reader');
    const types = ds.getInternalDatabase().all(
      `select typeof(id) id, typeof(name) name, typeof(note) note, typeof(version) version,
          typeof(encrypted) encrypted, typeof(encryption_key_name) ekn,
          typeof(created_at) ca, typeof(created_by) cb, typeof(updated_at) ua, typeof(updated_by) ub,
          typeof(deleted_at) da, typeof(deleted_by) db, typeof(last_used_at) lua,
          typeof(last_used_by) lub from datasette_secrets order by id`,
    );
    const base = {
      id: 'integer',
      name: 'text',
      note: 'text',
      version: 'integer',
      encrypted: 'blob',
      ekn: 'text',
      ca: 'text',
      cb: 'text',
      ua: 'text',
      ub: 'text',
      da: 'null',
      db: 'null',
    };
    assert.deepEqual(types, [
      { ...base, lua: 'null', lub: 'null' },
      { ...base, lua: 'text', lub: 'text' },
    ]);
    const rows = secretRows(ds);
    assert.deepEqual(
      rows.map((r) => [r.version, r.note, r.encryption_key_name, r.last_used_by]),
      [
        [1, '', 'default', null],
        [2, 'n', 'default', 'reader'],
      ],
    );
    for (const r of rows) {
      const text = (r.encrypted as Buffer).toString('latin1');
      assert.match(text, /^gAAAAA[A-Za-z0-9_-]+={0,2}$/, 'ASCII bytes of a url-safe token');
      assert.equal(text.length % 4, 0, 'padded: Python rejects unpadded tokens');
      for (const c of ['created_at', 'updated_at']) assert.match(String(r[c]), TIMESTAMP);
    }
    assert.match(String(rows[1].last_used_at), TIMESTAMP);
  });

  const python = spawnSync('python3', ['-c', 'import cryptography.fernet'], { encoding: 'utf8' });
  it("is read by the Python plugin's own queries (get_secret and the index page)", {
    skip: python.status !== 0 && 'no python3 cryptography',
  }, async () => {
    const internal = tempPath('for-python.db');
    const ds = await startHost({
      internal,
      extra: [registering('p', [{ name: 'A_KEY' }, { name: 'B_KEY' }])],
    });
    const save = (name: string, form: Record<string, string>) =>
      ds.client.post(`/-/secrets/${name}`, { ...ADMIN, form });
    await save('A_KEY', { secret: 'a-one', note: 'first' });
    await save('A_KEY', { secret: '  a-two 🔑\r\n', note: 'second' });
    await save('A_KEY', { secret: '', note: 'note only' });
    await save('B_KEY', { secret: 'b-one' });
    await ds.close();
    const keyFile = tempPath('key.txt');
    writeFileSync(keyFile, `${TEST_KEY}\n`);
    // The statements below are the Python plugin's own (datasette_secrets/__init__.py, 0.3a0).
    const script = `import sqlite3, sys, json
from cryptography.fernet import Fernet
db = sqlite3.connect(sys.argv[1]); db.row_factory = sqlite3.Row
key = Fernet(open(sys.argv[2]).read().strip().encode("utf-8"))
out = {}
for name in ("A_KEY", "B_KEY"):
    row = db.execute("select id, encrypted from datasette_secrets where name = ? order by version desc limit 1", (name,)).fetchone()
    out[name] = key.decrypt(row["encrypted"]).decode("utf-8")
    db.execute("update datasette_secrets set last_used_at = datetime('now'), last_used_by = null where id = ?", (row["id"],))
db.commit()
index = db.execute("select name, max(version) as version, updated_at, updated_by, note from datasette_secrets where name not in () group by name").fetchall()
out["index"] = [[r["name"], r["version"], r["updated_by"], r["note"]] for r in index]
print(json.dumps(out))`;
    const run = spawnSync('python3', ['-c', script, internal, keyFile], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {
      A_KEY: 'a-two 🔑',
      B_KEY: 'b-one',
      index: [
        ['A_KEY', 2, 'admin', 'note only'],
        ['B_KEY', 1, 'admin', ''],
      ],
    });
  });
});

/** Rows of secret K as another writer might leave them: each value is also its note. */
function insertVersions(ds: Datasette, versions: Array<[number, string]>): void {
  for (const [version, value] of versions) {
    insertRaw(ds, {
      name: 'K',
      note: value,
      version,
      encrypted: Buffer.from(token(value)),
      encryption_key_name: 'default',
    });
  }
}

describe('reading rows the Python plugin (or a hand edit) may have written', () => {
  const plugin = () => registering('p', [{ name: 'K' }, { name: 'TEXT_TOKEN' }, { name: 'NULLS' }]);

  it('a token stored as TEXT rather than BLOB reads, lists and updates', async () => {
    const ds = await startHost({ extra: [plugin()] });
    insertRaw(ds, {
      name: 'TEXT_TOKEN',
      note: 'as text',
      version: 1,
      encrypted: token('text-value'),
      encryption_key_name: 'default',
    });
    assert.equal(
      ds.getInternalDatabase().get('select typeof(encrypted) t from datasette_secrets')?.t,
      'text',
    );
    assert.equal(await getSecret(ds, 'TEXT_TOKEN', 'r'), 'text-value');
    const list = await page(ds, '/-/secrets');
    assert.match(list.body, />TEXT_TOKEN<\/a><\/strong><\/td><td>as text<\/td><td>1<\/td>/);
    await ds.client.post('/-/secrets/TEXT_TOKEN', { ...ADMIN, form: { secret: 'v2' } });
    assert.equal(await getSecret(ds, 'TEXT_TOKEN'), 'v2');
    assert.deepEqual(
      secretRows(ds).map((r) => r.version),
      [1, 2],
    );
  });

  it('NULL note, created_by, updated_at and updated_by show as empty, never "null"', async () => {
    const ds = await startHost({ extra: [plugin()] });
    insertRaw(ds, {
      name: 'NULLS',
      version: 1,
      encrypted: Buffer.from(token('nulls-value')),
      encryption_key_name: 'default',
    });
    assert.equal(await getSecret(ds, 'NULLS'), 'nulls-value');
    const list = await page(ds, '/-/secrets');
    assert.equal(list.status, 200);
    assert.ok(
      list.body.includes(
        '<td><strong><a href="/-/secrets/NULLS">NULLS</a></strong></td><td></td><td>1</td><td></td><td></td>',
      ),
      list.body,
    );
    assert.ok(!/>null</i.test(list.body));
    const form = await page(ds, '/-/secrets/NULLS');
    assert.equal(form.status, 200);
    assert.ok(form.body.includes('<h1>Update secret: NULLS</h1>'));
    assert.ok(form.body.includes('value=""'), 'an empty note field');
    assert.ok(!/\bnull\b/i.test(form.body.split('<h1>')[1] ?? ''));
    // A blank note over a NULL note is no change; a real note is written in place.
    const same = await ds.client.post('/-/secrets/NULLS', { ...ADMIN, form: { secret: '' } });
    assert.equal(same.status, 302);
    assert.equal(secretRows(ds)[0].note, null, 'nothing written');
    await ds.client.post('/-/secrets/NULLS', { ...ADMIN, form: { secret: '', note: 'now' } });
    assert.equal(secretRows(ds)[0].note, 'now');
    assert.equal(secretRows(ds).length, 1);
  });

  it('version gaps: the highest version is read, and the next one follows it', async () => {
    const ds = await startHost({ extra: [plugin()] });
    insertVersions(ds, [
      [1, 'one'],
      [5, 'five'],
      [3, 'three'],
    ]);
    assert.equal(await getSecret(ds, 'K'), 'five');
    assert.match((await page(ds, '/-/secrets')).body, /<td>five<\/td><td>5<\/td>/);
    await ds.client.post('/-/secrets/K', { ...ADMIN, form: { secret: 'six' } });
    assert.equal(await getSecret(ds, 'K'), 'six');
    assert.deepEqual(
      secretRows(ds).map((r) => r.version),
      [1, 5, 3, 6],
    );
  });

  it('duplicate versions: the row written last wins, everywhere, and the next is max + 1', async () => {
    const ds = await startHost({ extra: [plugin()] });
    insertVersions(ds, [
      [1, 'one'],
      [2, 'two-a'],
      [2, 'two-b'],
    ]);
    assert.equal(await getSecret(ds, 'K', 'r'), 'two-b');
    assert.equal(secretRows(ds)[2].last_used_by, 'r', 'the row read is the row touched');
    const list = await page(ds, '/-/secrets');
    assert.match(list.body, /<td>two-b<\/td><td>2<\/td>/);
    assert.equal(list.body.match(/>K<\/a>/g)?.length, 1, 'listed once');
    assert.ok((await page(ds, '/-/secrets/K')).body.includes('value="two-b"'));
    await ds.client.post('/-/secrets/K', { ...ADMIN, form: { secret: '', note: 'edited' } });
    assert.deepEqual(
      secretRows(ds).map((r) => r.note),
      ['one', 'two-a', 'edited'],
      'a note-only change edits the row that is shown',
    );
    await ds.client.post('/-/secrets/K', { ...ADMIN, form: { secret: 'three' } });
    assert.equal(secretRows(ds)[3].version, 3);
    assert.equal(await getSecret(ds, 'K'), 'three');
  });

  for (const name of ['my-key', '1ABC', 'with space', 'ünïcode', 'a.b', 'x%2Fy']) {
    it(`a stored name our validation rejects (${JSON.stringify(name)}) is listed and editable`, async () => {
      const ds = await startHost({ extra: [plugin()] });
      insertRaw(ds, {
        name,
        note: 'legacy',
        version: 1,
        encrypted: Buffer.from(token('legacy-value')),
        encryption_key_name: 'default',
      });
      const href = `/-/secrets/${encodeURIComponent(name)}`;
      const list = await page(ds, '/-/secrets');
      assert.ok(list.body.includes(`<a href="${href}">`), list.body);
      const form = await page(ds, href);
      assert.equal(form.status, 200, `GET ${href}`);
      assert.ok(form.body.includes('value="legacy"'));
      assert.ok(form.body.includes(`action="${href}"`));
      const res = await ds.client.post(href, { ...ADMIN, form: { secret: '', note: 'kept' } });
      assert.equal(res.status, 302);
      assert.equal(secretRows(ds)[0].note, 'kept');
      assert.equal(await getSecret(ds, name), undefined, 'not registered, so not returned');
    });
  }
});

describe('config spellings', () => {
  it('$file (trailing newline) under one spelling equals the same key under the other', async () => {
    const file = tempPath('key.txt');
    writeFileSync(file, `${TEST_KEY}\n`);
    const ds = await startHost({
      config: {
        plugins: {
          'datasette-secrets': { 'encryption-key': { $file: file }, encryption_key: TEST_KEY },
        },
        permissions: { 'manage-secrets': { id: 'admin' } },
      },
    });
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v' },
    });
    assert.equal(res.status, 302);
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'v');
  });

  it('one spelling set, the other an unset $env: configured by the one, with a warning', async () => {
    const { result: ds, output } = await captureOutput(() =>
      startHost({
        config: {
          plugins: {
            'datasette-secrets': {
              encryption_key: { $env: 'UNSET_VAR' },
              'encryption-key': TEST_KEY,
            },
          },
          permissions: { 'manage-secrets': { id: 'admin' } },
        },
      }),
    );
    assert.match(output, /encryption_key is empty/);
    assert.ok(!output.includes(TEST_KEY));
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'v');
  });
});

describe('environment variables', () => {
  it('a whitespace-only variable is non-empty, so it wins, verbatim', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ds = await startHost({ env });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'stored' } });
    env.DATASETTE_SECRETS_EXAMPLE_SECRET = ' ';
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), ' ');
    const list = await page(ds, '/-/secrets');
    assert.ok(list.body.includes('Set by <code>DATASETTE_SECRETS_EXAMPLE_SECRET</code>'));
  });

  it('the variable name is exactly DATASETTE_SECRETS_ + the name (case kept)', async () => {
    const ds = await startHost({
      env: { DATASETTE_SECRETS_MIXED_case: 'right', DATASETTE_SECRETS_MIXED_CASE: 'wrong' },
      extra: [registering('p', [{ name: 'MIXED_case' }])],
    });
    assert.equal(await getSecret(ds, 'MIXED_case'), 'right');
  });
});

describe('last_used bookkeeping, with the clock pinned', () => {
  it('writes on a new second or a different actor, skips an identical write', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    const db = ds.getInternalDatabase();
    const changes = () => (db.conn.prepare('select total_changes() n').get() as { n: number }).n;
    const used = () => {
      const [row] = secretRows(ds);
      return [row.last_used_at, row.last_used_by];
    };
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2030-06-01T12:00:00.100Z') });
    try {
      const steps: Array<[string | undefined, number, unknown[]]> = [
        ['a', 1, ['2030-06-01 12:00:00', 'a']],
        ['a', 0, ['2030-06-01 12:00:00', 'a']], // same second, same actor: skipped
        [undefined, 1, ['2030-06-01 12:00:00', null]], // actor → NULL is a change
        [undefined, 0, ['2030-06-01 12:00:00', null]],
        ['b', 1, ['2030-06-01 12:00:00', 'b']],
      ];
      for (const [actor, writes, expected] of steps) {
        const before = changes();
        assert.equal(await getSecret(ds, 'EXAMPLE_SECRET', actor), 'v');
        assert.equal(changes() - before, writes, `actor ${actor}`);
        assert.deepEqual(used(), expected);
      }
      mock.timers.tick(1000); // the next second: written again even for the same actor
      const before = changes();
      await getSecret(ds, 'EXAMPLE_SECRET', 'b');
      assert.equal(changes() - before, 1);
      assert.deepEqual(used(), ['2030-06-01 12:00:01', 'b']);
    } finally {
      mock.timers.reset();
    }
  });
});

describe('the strings users see', () => {
  it('every save of a value flashes "Secret NAME updated", as the original does', async () => {
    const ds = await startHost();
    for (const secret of ['first', 'second']) {
      const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
        ...ADMIN,
        form: { secret },
      });
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/-/secrets');
      assert.deepEqual(flashMessages(ds, res), [['Secret EXAMPLE_SECRET updated', 1]]);
    }
  });

  it('"Permission denied" comes before "not found": outsiders cannot probe names', async () => {
    const ds = await startHost();
    for (const actor of [null, { id: 'other' }]) {
      const res = await ds.client.get('/-/secrets/NO_SUCH_NAME', { actor });
      assert.equal(res.status, 403);
      assert.ok((await res.text()).includes('Permission denied'));
    }
    assert.equal((await ds.client.get('/-/secrets/NO_SUCH_NAME', ADMIN)).status, 404);
  });

  it('the note field lets a browser type 100 code points of any kind', async () => {
    const ds = await startHost();
    const { body } = await page(ds, '/-/secrets/EXAMPLE_SECRET');
    const input = body.match(/<input[^>]*name="note"[^>]*>/)?.[0] ?? '';
    assert.ok(input, 'has a note field');
    // maxlength counts UTF-16 units, so maxlength="100" would stop a browser at 50 emoji while
    // the server accepts 100; any limit in the page must allow 100 astral code points.
    const max = input.match(/maxlength="(\d+)"/)?.[1];
    assert.ok(max === undefined || Number(max) >= 2 * MAX_NOTE_LENGTH, input);
  });
});
