/**
 * `getSecret()`: the Python suite's test_get_secret and test_if_not_configured, plus the
 * registered-names rule, the skipped last-used write and the typed decryption error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Datasette } from 'datasette';
import secretsPlugin, { getSecret, SecretDecryptionError } from '../src/index.js';
import {
  ADMIN,
  captureOutput,
  registering,
  secretOnePlugin,
  secretRows,
  secretTwoPlugin,
  squash,
  startHost,
  TEST_KEY,
  tempPath,
} from './helpers.js';

function latest(ds: Datasette, name = 'EXAMPLE_SECRET') {
  return ds
    .getInternalDatabase()
    .get<Record<string, unknown>>(
      'select * from datasette_secrets where name = ? order by version desc limit 1',
      [name],
    );
}

describe('getSecret (ported from test_get_secret)', () => {
  it('reads, records the actor, falls back to NULL, yields to env, survives a dropped table', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ds = await startHost({ env });
    const post = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'manually-set-secret', note: 'new-note' },
    });
    assert.equal(post.status, 302);

    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET', 'actor'), 'manually-set-secret');
    const row = latest(ds);
    assert.equal(row?.last_used_by, 'actor');
    assert.match(String(row?.last_used_at), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'manually-set-secret');
    assert.equal(latest(ds)?.last_used_by, null);

    env.DATASETTE_SECRETS_EXAMPLE_SECRET = 'from env';
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'from env');
    const page = await (await ds.client.get('/-/secrets', ADMIN)).text();
    const expected = `<li><strong><a href="/-/secrets/EXAMPLE_SECRET">EXAMPLE_SECRET</a></strong>
      - An example secret<br/><span class="muted">Set by <code>DATASETTE_SECRETS_EXAMPLE_SECRET</code>
      (stored version 1 is not used while it is set)</span></li>`;
    assert.ok(squash(page).includes(squash(expected)), 'listed as set by the variable');

    ds.getInternalDatabase().exec('drop table datasette_secrets');
    delete env.DATASETTE_SECRETS_EXAMPLE_SECRET;
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), undefined);
  });

  it('not configured (ported from test_if_not_configured): undefined, env still works', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ds = new Datasette({ env, plugins: [secretsPlugin, secretOnePlugin, secretTwoPlugin] });
    const { output } = await captureOutput(() => getSecret(ds, 'OPENAI_API_KEY'));
    assert.match(output, /OPENAI_API_KEY is registered by both/);
    assert.equal(await getSecret(ds, 'OPENAI_API_KEY'), undefined);
    env.DATASETTE_SECRETS_OPENAI_API_KEY = 'sk-env';
    assert.equal(await getSecret(ds, 'OPENAI_API_KEY'), 'sk-env');
    await ds.close();
  });
});

describe('getSecret rules', () => {
  it('a name no plugin registered is undefined, even with its variable set', async () => {
    const ds = await startHost({ env: { DATASETTE_SECRETS_NOT_REGISTERED: 'leak' } });
    assert.equal(await getSecret(ds, 'NOT_REGISTERED'), undefined);
  });

  it('the variable is returned verbatim; empty counts as unset', async () => {
    const env: NodeJS.ProcessEnv = { DATASETTE_SECRETS_EXAMPLE_SECRET: '  spaced value \n' };
    const ds = await startHost({ env });
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), '  spaced value \n');
    env.DATASETTE_SECRETS_EXAMPLE_SECRET = '';
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), undefined);
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'stored' } });
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'stored');
  });

  it('a variable-provided read does not touch the database', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ds = await startHost({ env });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'stored' } });
    env.DATASETTE_SECRETS_EXAMPLE_SECRET = 'env';
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET', 'someone'), 'env');
    assert.equal(latest(ds)?.last_used_at, null);
  });

  it('nothing stored gives undefined', async () => {
    const ds = await startHost();
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), undefined);
  });

  it('returns the latest version, decoded exactly (unicode, CRLF inside)', async () => {
    const ds = await startHost();
    for (const value of ['one', 'pässwörd-🔑', 'line one\r\nline two']) {
      await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: value } });
      assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), value);
    }
  });

  it('numeric actor ids are stored as text; an empty id as NULL', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    await getSecret(ds, 'EXAMPLE_SECRET', 42);
    assert.equal(latest(ds)?.last_used_by, '42');
    await getSecret(ds, 'EXAMPLE_SECRET', '');
    assert.equal(latest(ds)?.last_used_by, null);
  });

  it('skips the last-used write when it would store the same second and actor', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    const db = ds.getInternalDatabase();
    const before = db.conn.prepare('select total_changes() as n').get() as { n: number };
    await getSecret(ds, 'EXAMPLE_SECRET', 'a');
    const mid = db.conn.prepare('select total_changes() as n').get() as { n: number };
    assert.equal(mid.n - before.n, 1, 'first use writes');
    // Pin the row to a time in the future so "this second" is stable for the rest of the test.
    const now = new Date().toISOString().slice(0, 19).replace('T', ' ');
    db.run('update datasette_secrets set last_used_at = ?, last_used_by = ?', [now, 'a']);
    const start = db.conn.prepare('select total_changes() as n').get() as { n: number };
    for (let i = 0; i < 5; i++) await getSecret(ds, 'EXAMPLE_SECRET', 'a');
    const end = db.conn.prepare('select total_changes() as n').get() as { n: number };
    const sameSecond = new Date().toISOString().slice(0, 19).replace('T', ' ') === now;
    if (sameSecond) assert.equal(end.n - start.n, 0, 'no writes within the same second');
    await getSecret(ds, 'EXAMPLE_SECRET', 'b');
    assert.equal(latest(ds)?.last_used_by, 'b', 'a different actor is written');
  });

  it('sees plugins registered after startup', async () => {
    const ds = await startHost();
    assert.equal(await getSecret(ds, 'LATE_KEY'), undefined);
    ds.pm.register(registering('late', [{ name: 'LATE_KEY' }]));
    (ds.env as NodeJS.ProcessEnv).DATASETTE_SECRETS_LATE_KEY = 'late-value';
    assert.equal(await getSecret(ds, 'LATE_KEY'), 'late-value');
    ds.pm.unregister('late');
    assert.equal(await getSecret(ds, 'LATE_KEY'), undefined);
  });
});

describe('a key that does not match', () => {
  it('raises SecretDecryptionError naming the secret, with no value or key in it', async () => {
    const internal = tempPath('internal.db');
    const writer = await startHost({ internal });
    await writer.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'sentinel-v' },
    });
    await writer.close();
    const otherKey = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    const reader = await startHost({
      internal,
      config: { plugins: { 'datasette-secrets': { encryption_key: otherKey } } },
    });
    const { result } = await captureOutput(async () => {
      try {
        await getSecret(reader, 'EXAMPLE_SECRET');
        return null;
      } catch (e) {
        return e;
      }
    });
    assert.ok(result instanceof SecretDecryptionError);
    assert.equal(result.code, 'SECRET_DECRYPTION_FAILED');
    assert.equal(result.secretName, 'EXAMPLE_SECRET');
    assert.equal(result.reason, 'key-mismatch');
    assert.match(result.message, /EXAMPLE_SECRET/);
    assert.match(result.message, /encryption key does not match/);
    const token = (secretRows(reader)[0].encrypted as Buffer).toString('ascii');
    const text = `${result.message}\n${result.stack}\n${JSON.stringify(result)}`;
    for (const forbidden of ['sentinel-v', otherKey, TEST_KEY, token.slice(0, 40)]) {
      assert.ok(!text.includes(forbidden), `error must not contain ${forbidden.slice(0, 8)}…`);
    }
  });

  it('a row naming a key that is not configured is reported as such', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    ds.getInternalDatabase().run("update datasette_secrets set encryption_key_name = 'retired'");
    await assert.rejects(getSecret(ds, 'EXAMPLE_SECRET'), (e: unknown) => {
      assert.ok(e instanceof SecretDecryptionError);
      assert.equal(e.reason, 'unknown-key-name');
      assert.match(e.message, /"retired", which is not configured/);
      return true;
    });
  });
});
