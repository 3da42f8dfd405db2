/**
 * `/-/secrets/NAME`: the Python suite's test_set_secret, then every rule of the form: blank
 * values, note limits, trimming, 404s, anonymous managers and environment-set secrets.
 */
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { describe, it } from 'node:test';
import { Keyring } from '../src/crypto/index.js';

type Settings = NonNullable<NonNullable<Parameters<typeof startHost>[0]>['config']>['settings'];

import {
  ADMIN,
  actorsPlugin,
  flashMessages,
  messagesCookie,
  pythonSuiteConfig,
  registering,
  secretRows,
  startHost,
  TEST_KEY,
} from './helpers.js';

const TIMESTAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/** Decrypt a stored BLOB with the test key (through the keyring, checked elsewhere against Python). */
function decrypt(blob: unknown): string {
  assert.ok(Buffer.isBuffer(blob), 'encrypted is stored as a BLOB');
  return Keyring.single(TEST_KEY).decrypt(blob.toString('ascii'), 'default');
}

function expectedRow(id: number, version: number, note: string) {
  return {
    id,
    name: 'EXAMPLE_SECRET',
    note,
    version,
    encryption_key_name: 'default',
    created_by: 'admin',
    updated_by: 'admin',
    deleted_at: null,
    deleted_by: null,
    last_used_at: null,
    last_used_by: null,
  };
}

function withoutVaryingColumns(row: Record<string, unknown>) {
  const { encrypted: _e, created_at, updated_at, ...rest } = row;
  assert.match(String(created_at), TIMESTAMP);
  assert.match(String(updated_at), TIMESTAMP);
  return rest;
}

describe('setting a secret (ported from test_set_secret)', () => {
  it('stores version 1, lists it with the actor username, then stores version 2', async () => {
    const ds = await startHost({ extra: [actorsPlugin] });
    assert.equal((await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN)).status, 200);
    const post = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'new-secret-value', note: 'new-note' },
    });
    assert.equal(post.status, 302);
    assert.equal(post.headers.get('location'), '/-/secrets');
    const rows = secretRows(ds);
    assert.equal(rows.length, 1);
    assert.deepEqual(withoutVaryingColumns(rows[0]), expectedRow(1, 1, 'new-note'));
    assert.equal(decrypt(rows[0].encrypted), 'new-secret-value');

    const list = await (await ds.client.get('/-/secrets', ADMIN)).text();
    assert.ok(list.includes('EXAMPLE_SECRET'));
    assert.ok(list.includes('new-note'));
    assert.ok(list.includes('<td>ADMIN</td>'), 'updated by shows the username');

    const post2 = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'updated-secret-value', note: '' },
    });
    assert.equal(post2.status, 302);
    assert.equal(post2.headers.get('location'), '/-/secrets');
    const rows2 = secretRows(ds);
    assert.deepEqual(
      rows2.map((r) => r.version),
      [1, 2],
    );
    assert.deepEqual(withoutVaryingColumns(rows2[1]), expectedRow(2, 2, ''));
    assert.equal(decrypt(rows2[1].encrypted), 'updated-secret-value');
  });

  it('the stored token is an independently verifiable Fernet token', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'abc' } });
    const token = (secretRows(ds)[0].encrypted as Buffer).toString('ascii');
    assert.match(token, /^gAAAAA[A-Za-z0-9_-]+={0,2}$/);
    assert.equal(token.length % 4, 0);
    const key = Buffer.from(TEST_KEY, 'base64url');
    const data = Buffer.from(token, 'base64url');
    const aes = createDecipheriv('aes-128-cbc', key.subarray(16), data.subarray(9, 25));
    const plain = Buffer.concat([aes.update(data.subarray(25, -32)), aes.final()]);
    assert.equal(plain.toString(), 'abc');
  });
});

describe('the form', () => {
  it('never shows the value; says Add, then Update', async () => {
    const ds = await startHost();
    const add = await (await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN)).text();
    assert.ok(add.includes('<h1>Add secret: EXAMPLE_SECRET</h1>'));
    assert.ok(add.includes('<button type="submit">Add secret</button>'));
    assert.match(
      add,
      /<textarea name="secret"[^>]*autocomplete="off"[^>]*required=""[^>]*><\/textarea>/,
    );
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'the-value-xyz', note: 'my note' },
    });
    const update = await (await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN)).text();
    assert.ok(update.includes('<h1>Update secret: EXAMPLE_SECRET</h1>'));
    assert.ok(update.includes('<button type="submit">Update secret</button>'));
    assert.match(update, /<textarea name="secret"[^>]*><\/textarea>/);
    assert.ok(!/<textarea[^>]*required/.test(update), 'a blank value is allowed once stored');
    assert.ok(update.includes('value="my note"'));
    assert.ok(!update.includes('the-value-xyz'));
  });

  it('strips surrounding whitespace from the value, like the original', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: '  line one\r\nline two \n', note: '' },
    });
    assert.equal(decrypt(secretRows(ds)[0].encrypted), 'line one\r\nline two');
  });

  it('flashes "Secret NAME updated" (first version too, as the original), shown on the list page', async () => {
    const ds = await startHost();
    const first = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'a' },
    });
    assert.deepEqual(flashMessages(ds, first), [['Secret EXAMPLE_SECRET updated', 1]]);
    const second = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'b' },
    });
    assert.deepEqual(flashMessages(ds, second), [['Secret EXAMPLE_SECRET updated', 1]]);
    const cookies = { ds_messages: messagesCookie(second) ?? '' };
    const list = await (await ds.client.get('/-/secrets', { ...ADMIN, cookies })).text();
    assert.ok(list.includes('<p class="message-info">Secret EXAMPLE_SECRET updated</p>'));
  });
});

describe('blank values and notes', () => {
  it('a blank value with an existing secret changes only the note, in place', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'keep-me', note: 'old' },
    });
    const before = secretRows(ds)[0];
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      actor: { id: 'editor' },
      form: { secret: '   ', note: 'new note' },
    });
    // 'editor' is not granted: refused, nothing changes.
    assert.equal(res.status, 403);
    const ok = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: '', note: 'new note' },
    });
    assert.equal(ok.status, 302);
    assert.deepEqual(flashMessages(ds, ok), [['Note updated for secret EXAMPLE_SECRET', 1]]);
    const rows = secretRows(ds);
    assert.equal(rows.length, 1, 'no new version');
    assert.equal(rows[0].note, 'new note');
    assert.equal(rows[0].version, 1);
    assert.deepEqual(rows[0].encrypted, before.encrypted);
    assert.equal(decrypt(rows[0].encrypted), 'keep-me');
  });

  it('a blank value and an unchanged note changes nothing', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v', note: 'same' },
    });
    const before = secretRows(ds);
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: '', note: 'same' },
    });
    assert.equal(res.status, 302);
    assert.deepEqual(flashMessages(ds, res), [['Secret EXAMPLE_SECRET was not changed', 1]]);
    assert.deepEqual(secretRows(ds), before);
  });

  it('a blank value for a never-set secret is "Secret is required", nothing stored', async () => {
    const ds = await startHost();
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: ' \n', note: 'kept' },
    });
    assert.equal(res.status, 400);
    const body = await res.text();
    assert.ok(body.includes('Secret is required'));
    assert.ok(body.includes('value="kept"'), 'the typed note is kept');
    assert.deepEqual(secretRows(ds), []);
  });

  it('a missing secret field is the same as a blank one', async () => {
    const ds = await startHost();
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: {} });
    assert.equal(res.status, 400);
    assert.deepEqual(secretRows(ds), []);
  });

  it('notes are limited to 100 code points, not UTF-16 units', async () => {
    const ds = await startHost();
    const emoji100 = '🔑'.repeat(100); // 200 UTF-16 units, 100 code points
    const ok = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v1', note: emoji100 },
    });
    assert.equal(ok.status, 302);
    assert.equal(secretRows(ds)[0].note, emoji100);
    for (const note of ['x'.repeat(101), '🔑'.repeat(101)]) {
      const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
        ...ADMIN,
        form: { secret: 'v2', note },
      });
      assert.equal(res.status, 400);
      assert.ok((await res.text()).includes('Note is too long'));
    }
    const tooLongNoteOnly = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: '', note: 'y'.repeat(101) },
    });
    assert.equal(tooLongNoteOnly.status, 400);
    assert.equal(secretRows(ds).length, 1, 'nothing stored');
    assert.equal(secretRows(ds)[0].note, emoji100, 'note unchanged');
  });

  it('an empty note is stored as the empty string, not NULL', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    assert.equal(secretRows(ds)[0].note, '');
  });
});

describe('which names have a page', () => {
  it('a name neither registered nor stored is 404 (GET and POST), nothing stored', async () => {
    const ds = await startHost();
    assert.equal((await ds.client.get('/-/secrets/NOT_REGISTERED', ADMIN)).status, 404);
    const post = await ds.client.post('/-/secrets/NOT_REGISTERED', {
      ...ADMIN,
      form: { secret: 'x' },
    });
    assert.equal(post.status, 404);
    assert.deepEqual(secretRows(ds), []);
  });

  it('a stored name no plugin registers any more still has a page, with a notice', async () => {
    const ds = await startHost({ extra: [registering('p', [{ name: 'KEPT' }])] });
    ds.getInternalDatabase().run(
      "insert into datasette_secrets (name, note, version, encrypted, encryption_key_name) values ('OLD_ONE', '', 1, ?, 'default')",
      [Buffer.from(Keyring.single(TEST_KEY).encrypt('old').token)],
    );
    const res = await ds.client.get('/-/secrets/OLD_ONE', ADMIN);
    assert.equal(res.status, 200);
    assert.ok((await res.text()).includes('No plugin registers this secret now'));
  });
});

describe('anonymous managers', () => {
  it('when everyone may manage secrets, an anonymous save works and records NULL', async () => {
    const ds = await startHost({
      config: {
        plugins: { 'datasette-secrets': { encryption_key: TEST_KEY } },
        permissions: { 'manage-secrets': true },
      },
    });
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      form: { secret: 'anon', note: 'n' },
    });
    assert.equal(res.status, 302);
    const note = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      form: { secret: '', note: 'n2' },
    });
    assert.equal(note.status, 302);
    const [row] = secretRows(ds);
    assert.equal(row.created_by, null);
    assert.equal(row.updated_by, null);
    assert.equal(row.note, 'n2');
    assert.equal((await ds.client.get('/-/secrets')).status, 200);
  });
});

describe('secrets set by environment variable', () => {
  it('the form says the variable wins; saving stores a value and warns', async () => {
    const ds = await startHost({ env: { DATASETTE_SECRETS_EXAMPLE_SECRET: 'from-env' } });
    const page = await (await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN)).text();
    assert.ok(page.includes('<code>DATASETTE_SECRETS_EXAMPLE_SECRET</code> environment variable'));
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'stored' },
    });
    assert.equal(res.status, 302);
    assert.deepEqual(flashMessages(ds, res), [
      ['Secret EXAMPLE_SECRET updated', 1],
      ['DATASETTE_SECRETS_EXAMPLE_SECRET is set, so that value is still the one in use', 2],
    ]);
    assert.equal(secretRows(ds).length, 1);
  });
});

describe('when not configured', () => {
  it('the edit page explains how to configure; a POST stores nothing', async () => {
    const ds = await startHost({ config: { permissions: { 'manage-secrets': { id: 'admin' } } } });
    const get = await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN);
    assert.equal(get.status, 200);
    assert.ok((await get.text()).includes('datasette secrets generate-encryption-key'));
    const post = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'x' },
    });
    assert.equal(post.status, 400);
    assert.equal(ds.getInternalDatabase().tableExists('datasette_secrets'), false);
    assert.equal((await ds.client.get('/-/secrets/UNKNOWN', ADMIN)).status, 404);
  });
});

describe('base_url', () => {
  it('links, form actions, the menu link and redirects carry the prefix', async () => {
    // Config files give only the settings they change; the host fills in the rest.
    const settings = { base_url: '/prefix/' } as unknown as Settings;
    const config = { ...pythonSuiteConfig(), settings };
    const ds = await startHost({ config });
    const list = await (await ds.client.get('/prefix/-/secrets', ADMIN)).text();
    assert.ok(list.includes('<a href="/prefix/-/secrets">Manage secrets</a>'));
    assert.ok(list.includes('href="/prefix/-/secrets/EXAMPLE_SECRET"'));
    const form = await (await ds.client.get('/prefix/-/secrets/EXAMPLE_SECRET', ADMIN)).text();
    assert.ok(form.includes('action="/prefix/-/secrets/EXAMPLE_SECRET"'));
    const res = await ds.client.post('/prefix/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v' },
    });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/prefix/-/secrets');
  });
});
