/**
 * `plugins.datasette-secrets`: both key spellings, `$env` / `$file`, conflicts, malformed keys
 * (never printed), the database setting and the in-memory warning.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, it } from 'node:test';
import { Datasette, StartupError } from 'datasette';
import secretsPlugin, { getSecret, SecretsStartupError } from '../src/index.js';
import { ADMIN, captureOutput, MENU_LINK, startHost, TEST_KEY, tempPath } from './helpers.js';

const manage = { 'manage-secrets': { id: 'admin' } };

/** Start a host with this plugin config; returns the host, or the startup error. */
async function tryStart(
  pluginConfig: unknown,
  opts: { env?: NodeJS.ProcessEnv; files?: string[]; memory?: boolean } = {},
): Promise<{ ds?: Datasette; error?: unknown; output: string }> {
  const ds = new Datasette({
    config: { plugins: { 'datasette-secrets': pluginConfig as never }, permissions: manage },
    env: opts.env ?? {},
    files: opts.files,
    create: true,
    internal: opts.memory ? undefined : tempPath('internal.db'),
    plugins: [secretsPlugin],
  });
  const { result, output } = await captureOutput(async () => {
    try {
      await ds.invokeStartup();
      return { ds };
    } catch (error) {
      await ds.close();
      return { error };
    }
  });
  if (result.ds) {
    const started = result.ds;
    (await import('node:test')).after(() => started.close());
  }
  return { ...result, output };
}

async function canStore(ds: Datasette): Promise<boolean> {
  const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
    ...ADMIN,
    form: { secret: 'v' },
  });
  return res.status === 302 && (await getSecret(ds, 'EXAMPLE_SECRET')) === 'v';
}

describe('the encryption key setting', () => {
  it('encryption_key (the README spelling) works', async () => {
    const { ds } = await tryStart({ encryption_key: TEST_KEY });
    assert.ok(ds && (await canStore(ds)));
  });

  it('encryption-key (the spelling the Python code reads) works', async () => {
    const { ds } = await tryStart({ 'encryption-key': TEST_KEY });
    assert.ok(ds && (await canStore(ds)));
  });

  it('both spellings with the same value are fine', async () => {
    const { ds } = await tryStart({ encryption_key: TEST_KEY, 'encryption-key': TEST_KEY });
    assert.ok(ds && (await canStore(ds)));
  });

  it('both spellings with different values stop startup', async () => {
    const other = 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=';
    const { error } = await tryStart({ encryption_key: TEST_KEY, 'encryption-key': other });
    assert.ok(error instanceof SecretsStartupError && error instanceof StartupError);
    assert.equal(error.reason, 'CONFIG_CONFLICTING_KEYS');
    assert.ok(!error.message.includes(TEST_KEY) && !error.message.includes(other));
  });

  it('{ $env: NAME } is resolved', async () => {
    const { ds } = await tryStart(
      { encryption_key: { $env: 'DATASETTE_SECRETS_ENCRYPTION_KEY' } },
      { env: { DATASETTE_SECRETS_ENCRYPTION_KEY: TEST_KEY } },
    );
    assert.ok(ds && (await canStore(ds)));
  });

  it('{ $file: PATH } is resolved and its trailing newline ignored', async () => {
    const file = tempPath('key.txt');
    writeFileSync(file, `${TEST_KEY}\n`);
    const { ds } = await tryStart({ encryption_key: { $file: file } });
    assert.ok(ds && (await canStore(ds)));
  });

  it('an unset $env variable leaves the plugin unconfigured, with a warning', async () => {
    const { ds, output } = await tryStart({ encryption_key: { $env: 'MISSING_KEY_VAR' } });
    assert.ok(ds);
    assert.match(output, /encryption_key is empty/);
    assert.equal(ds.getInternalDatabase().tableExists('datasette_secrets'), false);
  });

  for (const [label, key] of [
    ['too short', TEST_KEY.slice(0, 20)],
    ['unpadded', TEST_KEY.slice(0, 43)],
    ['standard base64 alphabet', `${TEST_KEY.slice(0, 42)}+=`],
    ['words', 'this is my very secret password, honestly!'],
  ] as const) {
    it(`a malformed key (${label}) stops startup naming the setting, never the key`, async () => {
      const { error, output } = await tryStart({ encryption_key: key });
      assert.ok(error instanceof SecretsStartupError);
      assert.equal(error.reason, 'CONFIG_INVALID_KEY');
      assert.match(
        error.message,
        /plugins\.datasette-secrets\.encryption_key is not a valid encryption key/,
      );
      assert.match(error.message, /generate-encryption-key/);
      const text = `${error.message}${error.stack}${output}`;
      assert.ok(!text.includes(key), 'the key is never printed');
    });
  }

  it('a non-string key is a startup error', async () => {
    const { error } = await tryStart({ 'encryption-key': 12345 });
    assert.ok(error instanceof SecretsStartupError);
    assert.equal(error.reason, 'CONFIG_BAD_VALUE');
    assert.match(error.message, /encryption-key must be a string/);
  });

  it('a plugin block that is not a mapping is a startup error', async () => {
    const { error } = await tryStart('oops');
    assert.ok(error instanceof SecretsStartupError);
    assert.equal(error.reason, 'CONFIG_NOT_AN_OBJECT');
  });

  it('unknown settings are warned about', async () => {
    const { ds, output } = await tryStart({ encryption_key: TEST_KEY, databse: 'x' });
    assert.ok(ds);
    assert.match(output, /unknown setting plugins\.datasette-secrets\.databse/);
  });
});

describe('not configured', () => {
  it('is not an error: no table, no menu link, a helpful page', async () => {
    const { ds, output } = await tryStart(undefined);
    assert.ok(ds);
    assert.equal(output, '');
    assert.equal(ds.getInternalDatabase().tableExists('datasette_secrets'), false);
    const res = await ds.client.get('/-/secrets', ADMIN);
    assert.equal(res.status, 200);
    const body = await res.text();
    assert.ok(!body.includes(MENU_LINK));
    assert.ok(body.includes('datasette secrets generate-encryption-key'));
    assert.ok(body.includes('$env: DATASETTE_SECRETS_ENCRYPTION_KEY'));
    assert.ok(body.includes('--internal internal.db'));
    assert.ok(body.includes('<code>DATASETTE_SECRETS_EXAMPLE_SECRET</code>'));
  });

  it('a database setting without a key is still unconfigured', async () => {
    const { ds } = await tryStart({ database: 'nope' });
    assert.ok(ds);
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), undefined);
  });
});

describe('the database setting', () => {
  it('omitted and _internal both mean the internal database', async () => {
    for (const config of [
      { encryption_key: TEST_KEY },
      { encryption_key: TEST_KEY, database: '_internal' },
    ]) {
      const { ds, output } = await tryStart(config);
      assert.doesNotMatch(output, /anyone allowed to view/);
      assert.ok(ds && (await canStore(ds)));
      assert.ok(ds.getInternalDatabase().tableExists('datasette_secrets'));
    }
  });

  it('a named attached database holds the table (with its index)', async () => {
    const file = tempPath('secrets.db');
    const name = basename(file, '.db'); // databases are named after their file stem
    const { ds, output } = await tryStart(
      { encryption_key: TEST_KEY, database: name },
      { files: [file] },
    );
    assert.ok(ds && (await canStore(ds)));
    // The table is browsable there, as in the Python plugin: the startup output says so.
    assert.match(output, new RegExp(`attached database "${name}": anyone allowed to view`));
    const db = ds.getDatabase(name);
    assert.equal(db.all('select name from datasette_secrets').length, 1);
    assert.equal(ds.getInternalDatabase().tableExists('datasette_secrets'), false);
    const index = db.get(
      "select sql from sqlite_master where type = 'index' and tbl_name = 'datasette_secrets'",
    );
    assert.match(String(index?.sql), /\(name, version\)/);
  });

  it('an unknown database stops startup, listing the attached ones', async () => {
    const file = tempPath('data.db');
    const { error } = await tryStart(
      { encryption_key: TEST_KEY, database: 'secretz' },
      { files: [file] },
    );
    assert.ok(error instanceof SecretsStartupError);
    assert.equal(error.reason, 'CONFIG_UNKNOWN_DATABASE');
    assert.match(
      error.message,
      /"secretz", which is not an attached database \(attached: \d+-data;/,
    );
  });
});

describe('secrets in an in-memory internal database', () => {
  it('are warned about at startup on stderr and on the pages, with the fix', async () => {
    const { ds, output } = await tryStart({ encryption_key: TEST_KEY }, { memory: true });
    assert.ok(ds);
    assert.match(output, /in-memory internal database.*--internal internal\.db/);
    for (const path of ['/-/secrets', '/-/secrets/EXAMPLE_SECRET']) {
      const body = await (await ds.client.get(path, ADMIN)).text();
      assert.ok(body.includes('in-memory internal database'), path);
      assert.ok(body.includes('--internal internal.db'), path);
    }
  });

  it('are not warned about with an internal database on disk', async () => {
    const { ds, output } = await tryStart({ encryption_key: TEST_KEY });
    assert.ok(ds);
    assert.equal(output, '');
    const body = await (await ds.client.get('/-/secrets', ADMIN)).text();
    assert.ok(!body.includes('in-memory'));
  });

  it('the warning is printed once per host, not per request', async () => {
    const { output } = await captureOutput(async () => {
      const ds = await startHost({ memory: true });
      await ds.client.get('/-/secrets', ADMIN);
      await getSecret(ds, 'EXAMPLE_SECRET');
    });
    assert.equal(output.match(/in-memory internal database/g)?.length, 1);
  });
});
