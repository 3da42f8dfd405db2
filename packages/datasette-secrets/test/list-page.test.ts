/**
 * `/-/secrets`: the Python suite's test_secret_index_page, and the stored-secrets table with
 * who updated and last used each secret.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { definePlugin } from 'datasette';
import { getSecret } from '../src/index.js';
import {
  ADMIN,
  actorsPlugin,
  captureOutput,
  registering,
  secretOnePlugin,
  secretTwoPlugin,
  squash,
  startHost,
} from './helpers.js';

async function listPage(ds: Awaited<ReturnType<typeof startHost>>): Promise<string> {
  const res = await ds.client.get('/-/secrets', ADMIN);
  assert.equal(res.status, 200);
  return res.text();
}

describe('the index page (ported from test_secret_index_page)', () => {
  it('lists registered secrets in order with descriptions and obtain links', async () => {
    const { result: ds } = await captureOutput(() =>
      startHost({ extra: [secretOnePlugin, secretTwoPlugin] }),
    );
    const expected =
      '<p class="secrets-unset-intro">The following secrets have not been set:</p>' +
      '<ul class="secrets-unset">' +
      '<li><strong><a href="/-/secrets/OPENAI_API_KEY">OPENAI_API_KEY</a></strong> - ' +
      '<a href="https://platform.openai.com/api-keys">Get an OpenAI API key</a></li>' +
      '<li><strong><a href="/-/secrets/ANTHROPIC_API_KEY">ANTHROPIC_API_KEY</a></strong> - ' +
      'A key for Anthropic&#39;s API</li>' +
      '<li><strong><a href="/-/secrets/OPENCAGE_API_KEY">OPENCAGE_API_KEY</a></strong> - ' +
      'The OpenCage Geocoder, <a href="https://opencagedata.com/dashboard">Get an OpenCage API key</a></li>' +
      '</ul>';
    const page = await listPage(ds);
    assert.ok(squash(page).includes(squash(expected)), page);
    assert.ok(!page.includes('EXAMPLE_SECRET'), 'no example secret when plugins register some');
    assert.ok(!page.includes('should be ignored'));
  });

  it('shows EXAMPLE_SECRET when nothing else is registered', async () => {
    const page = await listPage(await startHost());
    const expected =
      '<p class="secrets-unset-intro">The following secret has not been set:</p>' +
      '<ul class="secrets-unset"><li><strong><a href="/-/secrets/EXAMPLE_SECRET">EXAMPLE_SECRET</a></strong> - An example secret</li></ul>';
    assert.ok(page.includes(expected));
  });
});

describe('the stored secrets table', () => {
  it('shows note, version, last updated, updated by, last used and used by', async () => {
    const ds = await startHost({ extra: [actorsPlugin] });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'a', note: 'n1' },
    });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'b', note: 'n2' },
    });
    await getSecret(ds, 'EXAMPLE_SECRET', 'reader');
    const row = ds
      .getInternalDatabase()
      .get<Record<string, string>>('select * from datasette_secrets where version = 2');
    const page = await listPage(ds);
    const expected =
      '<tr><td><strong><a href="/-/secrets/EXAMPLE_SECRET">EXAMPLE_SECRET</a></strong></td>' +
      `<td>n2</td><td>2</td><td>${row?.updated_at}</td><td>ADMIN</td>` +
      `<td>${row?.last_used_at}</td><td>READER</td></tr>`;
    assert.ok(page.includes(expected), page);
    assert.ok(page.includes('<th>Last used</th><th>Used by</th>'));
    assert.ok(!page.includes('has not been set'), 'a stored secret is not listed as unset');
  });

  it('a never-used secret says so', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'a' } });
    assert.ok((await listPage(ds)).includes('<td>never</td><td></td></tr>'));
  });

  it('updated by: username, else name, else id', async () => {
    const people = definePlugin({
      name: 'people',
      hooks: {
        actorsFromIds: () => ({
          u1: { id: 'u1', username: 'alice', name: 'Alice A' },
          u2: { id: 'u2', name: 'Bob B' },
          u3: { id: 'u3' },
        }),
      },
    });
    const ds = await startHost({
      extra: [
        people,
        registering('p', [{ name: 'K1' }, { name: 'K2' }, { name: 'K3' }, { name: 'K4' }]),
      ],
      config: {
        plugins: {
          'datasette-secrets': { encryption_key: '-LujHtwFWGaBpznrV1zduoZBmCnMOW7J0H5hmeXgAVo=' },
        },
        permissions: { 'manage-secrets': true },
      },
    });
    for (const [name, id] of [
      ['K1', 'u1'],
      ['K2', 'u2'],
      ['K3', 'u3'],
      ['K4', 'u4'],
    ]) {
      await ds.client.post(`/-/secrets/${name}`, { actor: { id }, form: { secret: 'v' } });
    }
    const page = await listPage(ds);
    for (const [name, label] of [
      ['K1', 'alice'],
      ['K2', 'Bob B'],
      ['K3', 'u3'],
      ['K4', 'u4'],
    ]) {
      assert.match(
        page,
        new RegExp(`>${name}</a></strong></td><td></td><td>1</td><td>[^<]+</td><td>${label}</td>`),
      );
    }
  });

  it('lists stored secrets by name', async () => {
    const ds = await startHost({ extra: [registering('p', [{ name: 'ZED' }, { name: 'ALPHA' }])] });
    for (const name of ['ZED', 'ALPHA']) {
      await ds.client.post(`/-/secrets/${name}`, { ...ADMIN, form: { secret: 'v' } });
    }
    const page = await listPage(ds);
    assert.ok(page.indexOf('>ALPHA</a>') < page.indexOf('>ZED</a>'));
  });

  it('a dropped table shows as nothing stored, not an error', async () => {
    const ds = await startHost();
    ds.getInternalDatabase().exec('drop table datasette_secrets');
    assert.ok((await listPage(ds)).includes('EXAMPLE_SECRET'));
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v' },
    });
    assert.equal(res.status, 302, 'saving recreates the table');
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'v');
  });
});

describe('secrets set by environment variable', () => {
  it('a stored secret shadowed by its variable is listed under the variable, not the table', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ds = await startHost({ env });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'stored' } });
    assert.ok((await listPage(ds)).includes('<table class="secrets-stored">'));
    env.DATASETTE_SECRETS_EXAMPLE_SECRET = 'from-env';
    const page = await listPage(ds);
    assert.ok(!page.includes('<table'), 'no stored table row for it');
    assert.ok(page.includes('(stored version 1 is not used while it is set)'));
  });

  it('are listed with their variable, not as unset', async () => {
    const ds = await startHost({
      env: { DATASETTE_SECRETS_OPENAI_API_KEY: 'sk' },
      extra: [secretOnePlugin],
    });
    const page = await listPage(ds);
    const expected =
      '<p class="secrets-env-intro">The following secret is set using environment variables:</p>' +
      '<ul class="secrets-env"><li><strong><a href="/-/secrets/OPENAI_API_KEY">OPENAI_API_KEY</a></strong>' +
      '<br/><span class="muted">Set by <code>DATASETTE_SECRETS_OPENAI_API_KEY</code></span></li></ul>';
    assert.ok(squash(page).includes(squash(expected)), page);
    assert.ok(!page.includes('>sk<'));
    assert.ok(page.includes('The following secret has not been set'), 'ANTHROPIC is still unset');
  });
});
