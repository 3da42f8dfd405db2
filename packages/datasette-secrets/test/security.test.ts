/**
 * Security: XSS probes in names, notes, descriptions and actor labels; CSRF on both forms; and a
 * sentinel value (and the key) that must never appear in any response, header, flash message,
 * log line or error.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { Datasette, definePlugin } from 'datasette';
import { Keyring } from '../src/crypto/index.js';
import secretsPlugin, { getSecret, SecretsStartupError } from '../src/index.js';
import {
  ADMIN,
  captureOutput,
  messagesCookie,
  OTHER,
  registering,
  secretRows,
  startHost,
  TEST_KEY,
  tempPath,
} from './helpers.js';

/**
 * Nothing scriptable in the page body: no script-capable tags, no event-handler attributes, no
 * javascript: links. (Escaped text such as `&lt;img onerror=…&gt;` is harmless and allowed.)
 */
function assertInert(page: string): void {
  const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
  assert.doesNotMatch(main, /<(script|img|svg|iframe|object|embed|style)\b/i);
  assert.doesNotMatch(main, /<[^>]+\son[a-z]+\s*=/i);
  assert.doesNotMatch(main, /(href|src|action)\s*=\s*["']?\s*javascript:/i);
}

function insertRaw(ds: Datasette, name: string, note: string): void {
  const { token } = Keyring.single(TEST_KEY).encrypt('v');
  ds.getInternalDatabase().run(
    "insert into datasette_secrets (name, note, version, encrypted, encryption_key_name, updated_by) values (?, ?, 1, ?, 'default', ?)",
    [name, note, Buffer.from(token), '<b>actor</b>'],
  );
}

describe('XSS', () => {
  it('a registered name cannot carry HTML: it is rejected at startup', async () => {
    const ds = new Datasette({
      env: {},
      internal: tempPath('i.db'),
      plugins: [secretsPlugin, registering('evil', [{ name: '<img src=x onerror=alert(1)>' }])],
    });
    await assert.rejects(ds.invokeStartup(), SecretsStartupError);
    await ds.close();
  });

  it('a stored name with HTML (the Python plugin stored any name) is escaped on both pages', async () => {
    const ds = await startHost();
    const name = '<img src=x onerror=alert(1)>';
    insertRaw(ds, name, 'n');
    const list = await (await ds.client.get('/-/secrets', ADMIN)).text();
    assertInert(list);
    assert.ok(list.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(list.includes(`href="/-/secrets/${encodeURIComponent(name)}"`));
    const edit = await ds.client.get(`/-/secrets/${encodeURIComponent(name)}`, ADMIN);
    assert.equal(edit.status, 200);
    const body = await edit.text();
    assertInert(body);
    assert.ok(body.includes('Update secret: &lt;img'));
  });

  it('notes are escaped in the table and in the form field', async () => {
    const ds = await startHost();
    const note = '"><script>alert(1)</script>';
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v', note },
    });
    assert.equal(res.status, 302);
    const list = await (await ds.client.get('/-/secrets', ADMIN)).text();
    assertInert(list);
    assert.ok(list.includes('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;'));
    const form = await (await ds.client.get('/-/secrets/EXAMPLE_SECRET', ADMIN)).text();
    assertInert(form);
    assert.ok(form.includes('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"'));
  });

  it('descriptions keep safe HTML and lose everything scriptable', async () => {
    const description =
      '<em>Use</em> <code>sk-…</code> from <a href="https://example.com/keys" onclick="steal()">the site</a>' +
      '<img src=x onerror=alert(1)><script>alert(2)</script><a href="javascript:alert(3)">bad</a>' +
      '<a href="JaVaScRiPt&colon;alert(4)">bad2</a><svg onload=alert(5)></svg><iframe src="https://x"></iframe>';
    const { result: ds } = await captureOutput(() =>
      startHost({
        extra: [
          registering('p', [
            {
              name: 'HTML_KEY',
              description,
              obtainUrl: 'javascript:alert(6)',
              obtainLabel: '<b>label</b>',
            },
          ]),
        ],
      }),
    );
    for (const path of ['/-/secrets', '/-/secrets/HTML_KEY']) {
      const page = await (await ds.client.get(path, ADMIN)).text();
      assertInert(page);
      assert.ok(page.includes('<em>Use</em> <code>sk-…</code>'), path);
      assert.ok(
        page.includes(
          '<a href="https://example.com/keys" rel="noopener noreferrer nofollow">the site</a>',
        ),
        path,
      );
      assert.ok(!page.includes('<b>label</b>'), 'labels are text');
    }
  });

  it('actor labels are escaped', async () => {
    const ds = await startHost({
      extra: [
        definePlugin({
          name: 'actors',
          hooks: {
            actorsFromIds: ({ actorIds }) =>
              Object.fromEntries(
                actorIds.map((id) => [id, { id, username: '<script>x</script>' }]),
              ),
          },
        }),
      ],
    });
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', { ...ADMIN, form: { secret: 'v' } });
    const list = await (await ds.client.get('/-/secrets', ADMIN)).text();
    assertInert(list);
    assert.ok(list.includes('<td>&lt;script&gt;x&lt;/script&gt;</td>'));
  });
});

describe('CSRF', () => {
  const crossSite: Array<Record<string, string>> = [
    { origin: 'https://evil.example' },
    { 'sec-fetch-site': 'cross-site' },
    { origin: 'null' },
  ];
  for (const path of ['/-/secrets', '/-/secrets/EXAMPLE_SECRET']) {
    for (const headers of crossSite) {
      it(`a cross-site POST to ${path} (${JSON.stringify(headers)}) is 403, nothing stored`, async () => {
        const ds = await startHost();
        const res = await ds.client.post(path, {
          ...ADMIN,
          headers,
          form: { secret: 'csrf', note: '' },
        });
        assert.equal(res.status, 403);
        assert.match(await res.text(), /Cross-site request refused/);
        assert.deepEqual(secretRows(ds), []);
      });
    }
  }

  it('a same-origin browser POST is accepted', async () => {
    const ds = await startHost();
    const headers = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      headers,
      form: { secret: 'ok' },
    });
    assert.equal(res.status, 302);
    assert.equal(secretRows(ds).length, 1);
  });

  it('a cross-site note-only change is refused too', async () => {
    const ds = await startHost();
    await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      form: { secret: 'v', note: 'before' },
    });
    const res = await ds.client.post('/-/secrets/EXAMPLE_SECRET', {
      ...ADMIN,
      headers: { origin: 'https://evil.example' },
      form: { secret: '', note: 'after' },
    });
    assert.equal(res.status, 403);
    assert.equal(secretRows(ds)[0].note, 'before');
  });
});

describe('the sentinel: a secret value never leaves the store', () => {
  it('appears in no page, header, redirect, flash, log line or error', async () => {
    const sentinel = `SENTINEL-${randomBytes(12).toString('hex')}`;
    const seen: string[] = [];
    const record = async (label: string, res: Response) => {
      const cookie = messagesCookie(res);
      const flash = cookie ? JSON.stringify(ds.unsign(cookie, 'messages')) : '';
      seen.push(
        `${label} ${res.status}\n${JSON.stringify([...res.headers])}\n${flash}\n${await res.text()}`,
      );
    };
    const ds = await startHost({
      root: true,
      extra: [registering('p', [{ name: 'SENTINEL_KEY' }])],
    });
    const { output } = await captureOutput(async () => {
      const post = (path: string, opts: Parameters<typeof ds.client.post>[1]) =>
        ds.client.post(path, opts);
      await record(
        'add',
        await post('/-/secrets/SENTINEL_KEY', { ...ADMIN, form: { secret: sentinel, note: 'n' } }),
      );
      await record(
        'update',
        await post('/-/secrets/SENTINEL_KEY', {
          ...ADMIN,
          form: { secret: ` ${sentinel}\n`, note: 'n' },
        }),
      );
      assert.equal(await getSecret(ds, 'SENTINEL_KEY', 'admin'), sentinel, 'it was stored');
      await exercise(ds, sentinel, record);
    });
    seen.push(output);
    const everything = seen.join('\n');
    assert.ok(everything.length > 10_000, 'the sweep produced output to search');
    assert.ok(!everything.includes(sentinel), 'the sentinel leaked');
    assert.ok(!everything.includes(TEST_KEY), 'the key leaked');
    const last = secretRows(ds).at(-1);
    assert.ok(last && Buffer.isBuffer(last.encrypted));
    const token = last.encrypted.toString('ascii');
    assert.ok(!everything.includes(token.slice(0, 30)), 'a token leaked');
  });
});

/** Every page and error path a manager, an outsider or an attacker can reach. */
async function exercise(
  ds: Datasette,
  sentinel: string,
  record: (label: string, res: Response) => Promise<void>,
): Promise<void> {
  for (const [label, send] of sweep(ds, sentinel)) await record(label, await send());
  // The page after the redirect, with its flash cookie.
  const c = ds.client;
  const saved = await c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, form: { secret: sentinel } });
  await record('redirect', saved);
  const location = saved.headers.get('location') ?? '/';
  const cookies = { ds_messages: messagesCookie(saved) ?? '' };
  await record('after redirect', await c.get(location, { ...ADMIN, cookies }));
  await exerciseWrongKey(ds, record);
}

/** The requests of the sweep, each labelled. */
function sweep(ds: Datasette, sentinel: string): Array<[string, () => Promise<Response>]> {
  const c = ds.client;
  const json = { accept: 'application/json' };
  const form = { secret: sentinel, note: 'n' };
  const evil = { origin: 'https://evil.example' };
  const long = { secret: sentinel, note: 'x'.repeat(101) };
  const text = { 'content-type': 'text/plain' };
  return [
    ['list', () => c.get('/-/secrets', ADMIN)],
    ['list root', () => c.get('/-/secrets', { actor: { id: 'root' } })],
    ['edit', () => c.get('/-/secrets/SENTINEL_KEY', ADMIN)],
    ['list anon', () => c.get('/-/secrets')],
    ['list other json', () => c.get('/-/secrets', { ...OTHER, headers: json })],
    ['edit other', () => c.get('/-/secrets/SENTINEL_KEY', OTHER)],
    ['404', () => c.get('/-/secrets/NOPE', ADMIN)],
    ['404 json', () => c.get('/-/secrets/NOPE', { ...ADMIN, headers: json })],
    ['404 post', () => c.post('/-/secrets/NOPE', { ...ADMIN, form })],
    ['json path', () => c.get('/-/secrets.json', ADMIN)],
    ['405 list', () => c.post('/-/secrets', { ...ADMIN, form })],
    ['405 put', () => c.request('PUT', '/-/secrets/SENTINEL_KEY', { ...ADMIN, form })],
    ['405 json', () => c.request('DELETE', '/-/secrets/SENTINEL_KEY', { ...ADMIN, headers: json })],
    ['403 post', () => c.post('/-/secrets/SENTINEL_KEY', { ...OTHER, form })],
    ['csrf', () => c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, form, headers: evil })],
    ['note too long', () => c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, form: long })],
    [
      'blank',
      () => c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, form: { secret: '', note: 'x' } }),
    ],
    [
      'json body',
      () => c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, json: { secret: sentinel } }),
    ],
    [
      'text body',
      () =>
        c.post('/-/secrets/SENTINEL_KEY', { ...ADMIN, body: `secret=${sentinel}`, headers: text }),
    ],
    [
      'huge body',
      () =>
        c.post('/-/secrets/SENTINEL_KEY', {
          ...ADMIN,
          form: { ...form, pad: 'x'.repeat(3_000_000) },
        }),
    ],
    ['home', () => c.get('/', ADMIN)],
    ['config', () => c.get('/-/config', ADMIN)],
    ['config json', () => c.get('/-/config.json', ADMIN)],
    ['trailing slash', () => c.get('/-/secrets/', ADMIN)],
  ];
}

/** A host on the same database with the wrong key: the decryption error and both pages. */
async function exerciseWrongKey(
  ds: Datasette,
  record: (label: string, res: Response) => Promise<void>,
): Promise<void> {
  const wrong = await startHost({
    internal: ds.getInternalDatabase().path ?? undefined,
    config: {
      plugins: {
        'datasette-secrets': { encryption_key: 'cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=' },
      },
      permissions: { 'manage-secrets': { id: 'admin' } },
    },
    extra: [registering('p', [{ name: 'SENTINEL_KEY' }])],
  });
  const error = (await getSecret(wrong, 'SENTINEL_KEY').catch((e: Error) => e)) as Error;
  assert.ok(error instanceof Error, 'the wrong key fails');
  await record('decrypt error', new Response(`${error.message}\n${error.stack}`));
  await record('wrong key list', await wrong.client.get('/-/secrets', ADMIN));
  await record('wrong key edit', await wrong.client.get('/-/secrets/SENTINEL_KEY', ADMIN));
}
