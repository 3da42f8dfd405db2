/**
 * A database and key written by the Python plugin, served through our pages and read with
 * `getSecret` (on a copy: the fixture itself is never modified). The store-level checks, and
 * the other direction (Python reading our rows), are in fixtures-compat.test.ts.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { getSecret } from '../src/index.js';
import { actorsPlugin, registering, startHost, tempPath } from './helpers.js';

const FIXTURE = fileURLToPath(
  new URL('../../../../shared/fixtures/python-datasette-secrets/', import.meta.url),
);
const EXPECTED = JSON.parse(readFileSync(join(FIXTURE, 'expected.json'), 'utf8')) as {
  rows: Array<Record<string, string | number | null> & { name: string; plaintext: string }>;
};
const NAMES = ['EXAMPLE_SECRET', 'UNICODE_SECRET', 'NOTE_ONLY_SECRET', 'MULTILINE_SECRET'];

/** A host on a private copy of the fixture, configured the way the Python one was (`$file`). */
async function fixtureHost(
  extra = [
    registering(
      'fixture',
      NAMES.map((name) => ({ name })),
    ),
  ],
) {
  const internal = tempPath('python-internal.db');
  copyFileSync(join(FIXTURE, 'internal.db'), internal);
  return startHost({
    internal,
    extra,
    root: true,
    config: {
      plugins: { 'datasette-secrets': { 'encryption-key': { $file: join(FIXTURE, 'key.txt') } } },
    },
  });
}

/** The latest row of each name, as the Python plugin wrote it. */
function latestExpected() {
  const latest = new Map<string, (typeof EXPECTED.rows)[number]>();
  for (const row of EXPECTED.rows) {
    const seen = latest.get(row.name);
    if (!seen || Number(seen.version) < Number(row.version)) latest.set(row.name, row);
  }
  return latest;
}

describe('a database written by the Python plugin', () => {
  it('getSecret returns every latest value exactly', async () => {
    const ds = await fixtureHost();
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'example-secret-v2');
    assert.equal(await getSecret(ds, 'UNICODE_SECRET'), 'pässwörd-🔑');
    assert.equal(await getSecret(ds, 'MULTILINE_SECRET'), 'line one\r\nline two');
    assert.equal(await getSecret(ds, 'NOTE_ONLY_SECRET'), 'note-only-secret-value');
    for (const [name, row] of latestExpected()) {
      assert.equal(await getSecret(ds, name, 'ts-reader'), row.plaintext, name);
    }
    const used = ds
      .getInternalDatabase()
      .get<{ last_used_by: string }>('select last_used_by from datasette_secrets where id = 2');
    assert.equal(used?.last_used_by, 'ts-reader', 'last-used bookkeeping works on their table');
  });

  it('the list page shows each latest version with its note, version and who updated it', async () => {
    const ds = await fixtureHost([
      registering(
        'fixture',
        NAMES.map((name) => ({ name })),
      ),
      actorsPlugin,
    ]);
    const res = await ds.client.get('/-/secrets', { actor: { id: 'root' } });
    assert.equal(res.status, 200);
    const page = await res.text();
    for (const [name, row] of latestExpected()) {
      const note = String(row.note).replaceAll("'", '&#39;');
      const cells =
        `<td><strong><a href="/-/secrets/${name}">${name}</a></strong></td>` +
        `<td>${note}</td><td>${row.version}</td><td>${row.updated_at}</td><td>ROOT</td>` +
        `<td>${row.last_used_at ?? 'never'}</td><td>${row.last_used_by ? String(row.last_used_by).toUpperCase() : ''}</td>`;
      assert.ok(page.includes(cells), `${name} row: ${cells}`);
    }
    assert.ok(!page.includes('has not been set'), 'every registered name is stored');
    for (const row of EXPECTED.rows) assert.ok(!page.includes(row.plaintext), 'no values shown');
  });

  it('lists stored secrets even when no plugin registers them (EXAMPLE_SECRET v2 etc.)', async () => {
    const ds = await fixtureHost([]);
    const page = await (await ds.client.get('/-/secrets', { actor: { id: 'root' } })).text();
    for (const name of NAMES) assert.ok(page.includes(`>${name}</a>`), name);
    assert.match(page, />EXAMPLE_SECRET<\/a><\/strong><\/td><td>second version<\/td><td>2<\/td>/);
    assert.equal(
      await getSecret(ds, 'UNICODE_SECRET'),
      undefined,
      'only registered names are read',
    );
  });

  it('a new version on their table continues their numbering and reads back', async () => {
    const ds = await fixtureHost();
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      actor: { id: 'root' },
      form: { secret: 'example-secret-v3', note: 'third' },
    });
    assert.equal(res.status, 302);
    assert.equal(await getSecret(ds, 'EXAMPLE_SECRET'), 'example-secret-v3');
    const versions = ds
      .getInternalDatabase()
      .all<{ version: number }>(
        "select version from datasette_secrets where name = 'EXAMPLE_SECRET' order by id",
      )
      .map((r) => r.version);
    assert.deepEqual(versions, [1, 2, 3]);
  });

  it('the edit page of a Python-written secret shows its note, never its value', async () => {
    const ds = await fixtureHost();
    const page = await (
      await ds.client.get('/-/secrets/UNICODE_SECRET', { actor: { id: 'root' } })
    ).text();
    assert.ok(page.includes('<h1>Update secret: UNICODE_SECRET</h1>'));
    assert.ok(page.includes('value="ünïcödé nöte 🔑"'));
    assert.ok(!page.includes('pässwörd'));
  });
});
