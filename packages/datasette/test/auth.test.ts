/**
 * Logging in and proving who you are, through the real app: the one-time root link, /-/actor,
 * log out, signed API tokens (/-/create-token, Bearer, 401s) and the CSRF rules on unsafe
 * requests.
 */
import assert from 'node:assert/strict';
import { after, afterEach, describe, it, mock } from 'node:test';
import { type Datasette, definePlugin, json } from '../src/index.js';
import { type ErrorBody, makeDatasette, makeDb, setCookies, tempDir } from './helpers.js';

const hosts: Datasette[] = [];
function host(options: Parameters<typeof makeDatasette>[0] = {}): Datasette {
  const ds = makeDatasette(options);
  hosts.push(ds);
  return ds;
}
after(async () => {
  for (const ds of hosts) await ds.close();
});
afterEach(() => mock.restoreAll());

/** The ds_actor cookie value a response sets, or undefined. */
function actorCookie(res: Response): string | undefined {
  return setCookies(res).get('ds_actor')?.value;
}

async function errorMessage(res: Response): Promise<string> {
  const text = await res.text();
  return text.match(/<p class="error-message">(.*?)<\/p>/)?.[1] ?? text;
}

describe('root login (/-/auth-token)', () => {
  it('logs in once with the token, then refuses reuse', async () => {
    const ds = host({ root: true });
    const first = await ds.client.get(`/-/auth-token?token=${ds.rootToken}`);
    assert.equal(first.status, 302);
    assert.equal(first.headers.get('location'), '/');
    const cookie = actorCookie(first);
    assert.ok(cookie, 'sets ds_actor');
    const who = await ds.client.get('/-/actor.json', { cookies: { ds_actor: cookie } });
    assert.deepEqual(await who.json(), { ok: true, actor: { id: 'root' } });

    const again = await ds.client.get(`/-/auth-token?token=${ds.rootToken}`);
    assert.equal(again.status, 403);
    assert.equal(await errorMessage(again), 'Root token has already been used');
    assert.equal(actorCookie(again), undefined);
  });

  it('refuses a wrong or missing token with 403 "Invalid token"', async () => {
    const ds = host({ root: true });
    for (const path of ['/-/auth-token?token=wrong', '/-/auth-token', '/-/auth-token?token=']) {
      const res = await ds.client.get(path);
      assert.equal(res.status, 403, path);
      assert.equal(await errorMessage(res), 'Invalid token', path);
      assert.equal(actorCookie(res), undefined);
    }
    // The right token still works afterwards: wrong guesses do not consume it.
    assert.equal((await ds.client.get(`/-/auth-token?token=${ds.rootToken}`)).status, 302);
  });

  it('is refused without --root, even with the right token', async () => {
    const ds = host({ root: false });
    const res = await ds.client.get(`/-/auth-token?token=${ds.rootToken}`);
    assert.equal(res.status, 403);
    assert.equal(actorCookie(res), undefined);
    assert.match(await errorMessage(res), /--root/);
  });

  it('redirects home when already root', async () => {
    const ds = host({ root: true });
    const res = await ds.client.get('/-/auth-token?token=x', { actor: { id: 'root' } });
    assert.equal(res.status, 302);
  });
});

describe('/-/actor', () => {
  it('shows the actor as JSON and as a page', async () => {
    const ds = host();
    assert.deepEqual(await (await ds.client.get('/-/actor.json')).json(), {
      ok: true,
      actor: null,
    });
    const alice = { id: 'alice', name: 'Alice <A>' };
    assert.deepEqual(await (await ds.client.get('/-/actor.json', { actor: alice })).json(), {
      ok: true,
      actor: alice,
    });
    const page = await (await ds.client.get('/-/actor', { actor: alice })).text();
    assert.match(page, /<pre>[\s\S]*&quot;alice&quot;[\s\S]*<\/pre>/);
    assert.match(page, /<div class="actor"><strong>Alice &lt;A&gt;<\/strong><\/div>/);
    assert.match(page, /Log out<\/button>/);
  });
});

describe('log out', () => {
  it('POST clears the cookie and leaves a message', async () => {
    const ds = host();
    const res = await ds.client.post('/-/logout', { actor: { id: 'alice' } });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/');
    const cookies = setCookies(res);
    assert.equal(cookies.get('ds_actor')?.maxAge, 0);
    assert.equal(cookies.get('ds_actor')?.value, '');
    const messages = cookies.get('ds_messages')?.value;
    assert.ok(messages);
    const home = await ds.client.get('/', { cookies: { ds_messages: messages } });
    assert.match(await home.text(), /<p class="message-warning">You are now logged out<\/p>/);
  });

  it('GET shows a confirmation form, or redirects the anonymous', async () => {
    const ds = host();
    const page = await ds.client.get('/-/logout', { actor: { id: 'alice' } });
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<form action="\/-\/logout" method="post">/);
    const anon = await ds.client.get('/-/logout');
    assert.equal(anon.status, 302);
  });
});

describe('API tokens', () => {
  it('a Bearer token acts as its actor', async () => {
    const ds = host();
    const token = ds.createToken('alice');
    assert.match(token, /^dstok_/);
    const res = await ds.client.get('/-/actor.json', {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, actor: { id: 'alice', token: 'dstok' } });
  });

  it('a tampered or foreign token is 401 JSON with WWW-Authenticate', async () => {
    const ds = host();
    const other = host({ secret: 'another-secret' });
    const token = ds.createToken('alice');
    const body = Buffer.from(JSON.stringify({ a: 'root', t: 1 })).toString('base64url');
    const forged = `dstok_${body}${token.slice(token.lastIndexOf('.'))}`;
    for (const bad of [forged, other.createToken('alice'), 'dstok_garbage', `${token}x`]) {
      for (const path of ['/-/actor.json', '/']) {
        const res = await ds.client.get(path, { headers: { authorization: `Bearer ${bad}` } });
        assert.equal(res.status, 401, `${path} ${bad}`);
        assert.equal(res.headers.get('www-authenticate'), 'Bearer error="invalid_token"');
        const err = (await res.json()) as ErrorBody;
        assert.equal(err.ok, false);
        assert.equal(err.status, 401);
        assert.ok(!JSON.stringify(err).includes(bad), 'the token is not echoed');
      }
    }
  });

  it('leaves other Authorization schemes and prefixes to other handlers', async () => {
    const ds = host();
    for (const value of [
      'Basic YWxpY2U6eA==',
      'Bearer other_token',
      `bearer ${ds.createToken('a')}`,
    ]) {
      const res = await ds.client.get('/-/actor.json', { headers: { authorization: value } });
      assert.equal(res.status, 200, value);
      assert.deepEqual(await res.json(), { ok: true, actor: null });
    }
  });

  it('an expired token is 401', async () => {
    const ds = host();
    const token = ds.createToken('alice', { expiresAfter: 60 });
    const auth = { authorization: `Bearer ${token}` };
    const fresh = await ds.client.get('/-/actor.json', { headers: auth });
    const actor = ((await fresh.json()) as { actor: Record<string, unknown> }).actor;
    assert.equal(actor.id, 'alice');
    assert.equal(typeof actor.token_expires, 'number');
    const now = Date.now();
    mock.method(Date, 'now', () => now + 61_000);
    const res = await ds.client.get('/-/actor.json', { headers: auth });
    assert.equal(res.status, 401);
    assert.match(((await res.json()) as ErrorBody).error, /expired/);
  });

  it('max_signed_tokens_ttl caps tokens without their own expiry', async () => {
    const ds = host({ config: { settings: { max_signed_tokens_ttl: 10 } as never } });
    const auth = { authorization: `Bearer ${ds.createToken('alice')}` };
    assert.equal((await ds.client.get('/-/actor.json', { headers: auth })).status, 200);
    const now = Date.now();
    mock.method(Date, 'now', () => now + 11_000);
    assert.equal((await ds.client.get('/-/actor.json', { headers: auth })).status, 401);
  });

  it('allow_signed_tokens: false refuses them', async () => {
    const ds = host();
    const token = ds.createToken('alice');
    const off = host({ config: { settings: { allow_signed_tokens: false } as never } });
    const res = await off.client.get('/-/actor.json', {
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(res.status, 401);
    assert.throws(() => off.createToken('alice'), /allow_signed_tokens/);
    assert.equal((await off.client.get('/-/create-token', { actor: { id: 'a' } })).status, 403);
  });
});

describe('/-/create-token', () => {
  it('creates a working token for a logged-in actor', async () => {
    const ds = host();
    const actor = { id: 'alice' };
    const form = await ds.client.get('/-/create-token', { actor });
    assert.equal(form.status, 200);
    assert.match(await form.text(), /<form method="post"/);
    const res = await ds.client.post('/-/create-token', {
      actor,
      form: { expire_type: 'hours', expire_duration: '2', 'all:view-instance': 'on' },
    });
    assert.equal(res.status, 200);
    const token = (await res.text()).match(/<pre class="token">(dstok_[^<]+)<\/pre>/)?.[1];
    assert.ok(token, 'the page shows the token');
    const who = await ds.client.get('/-/actor.json', {
      headers: { authorization: `Bearer ${token}` },
    });
    const got = ((await who.json()) as { actor: Record<string, unknown> }).actor;
    assert.equal(got.id, 'alice');
    assert.deepEqual(got._r, { a: ['vi'] }, 'stored by abbreviation, as Python Datasette does');
    const expires = got.token_expires as number;
    assert.ok(Math.abs(expires - (Date.now() / 1000 + 7200)) < 10, 'expires in two hours');
  });

  it('restricts a token to ticked actions on one database and one table', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = makeDb(
        dir,
        'my:data',
        'create table birds (id integer); create table cats (id integer);',
      );
      const ds = host({ files: [file], config: { permissions: { 'view-instance': true } } });
      const actor = { id: 'alice' };
      const page = await (await ds.client.get('/-/create-token', { actor })).text();
      assert.match(page, /name="resource:my~3Adata:birds:view-table"/);
      assert.match(page, /name="database:my~3Adata:execute-sql"/);
      const res = await ds.client.post('/-/create-token', {
        actor,
        form: {
          expire_type: 'never',
          'all:view-instance': 'on',
          'database:my~3Adata:view-database': 'on',
          'resource:my~3Adata:birds:view-table': 'on',
        },
      });
      const token = (await res.text()).match(/<pre class="token">(dstok_[^<]+)<\/pre>/)?.[1];
      assert.ok(token);
      const bearer = { headers: { authorization: `Bearer ${token}` } };
      const got = (
        (await (await ds.client.get('/-/actor.json', bearer)).json()) as {
          actor: { _r: unknown };
        }
      ).actor;
      assert.deepEqual(got._r, {
        a: ['vi'],
        d: { 'my:data': ['vd'] },
        r: { 'my:data': { birds: ['vt'] } },
      });
      assert.equal((await ds.client.get('/my~3Adata/birds.json', bearer)).status, 200);
      assert.equal((await ds.client.get('/my~3Adata/cats.json', bearer)).status, 403);
      const bad = await ds.client.post('/-/create-token', {
        actor,
        form: { 'all:no-such-action': 'on' },
      });
      assert.equal(bad.status, 400);
    } finally {
      cleanup();
    }
  });

  it('rejects a bad expiry with 400', async () => {
    const ds = host();
    const res = await ds.client.post('/-/create-token', {
      actor: { id: 'alice' },
      form: { expire_type: 'days', expire_duration: 'soon' },
    });
    assert.equal(res.status, 400);
  });

  it('is 403 for the anonymous and for token-authenticated actors', async () => {
    const ds = host();
    assert.equal((await ds.client.get('/-/create-token')).status, 403);
    assert.equal((await ds.client.post('/-/create-token', { form: {} })).status, 403);
    const auth = { authorization: `Bearer ${ds.createToken('alice')}` };
    assert.equal((await ds.client.get('/-/create-token', { headers: auth })).status, 403);
    const post = await ds.client.post('/-/create-token', { headers: auth, form: {} });
    assert.equal(post.status, 403);
    assert.match(await errorMessage(post), /Token authentication cannot/);
  });
});

describe('CSRF on unsafe requests', () => {
  let calls = 0;
  const counting = definePlugin({
    name: 'csrf-counter',
    hooks: {
      registerRoutes: () => [
        {
          path: '/-/change',
          methods: ['POST', 'PUT', 'DELETE'],
          handler: () => {
            calls++;
            return json({ ok: true });
          },
        },
      ],
    },
  });
  const ds = host({ plugins: [counting] });
  const actor = { id: 'alice' };
  const bearer = () => ({ authorization: `Bearer ${ds.createToken('alice')}` });

  const cases: Array<{
    name: string;
    opts: () => {
      actor?: typeof actor;
      headers: Record<string, string>;
      cookies?: Record<string, string>;
    };
    ok: boolean;
    method?: string;
  }> = [
    {
      name: 'cross-site Origin with the login cookie',
      opts: () => ({ actor, headers: { origin: 'https://evil.example' } }),
      ok: false,
    },
    {
      name: 'cross-site Origin, no cookie',
      opts: () => ({ headers: { origin: 'https://evil.example' } }),
      ok: false,
    },
    {
      name: 'Origin with another port',
      opts: () => ({ actor, headers: { origin: 'http://localhost:8080' } }),
      ok: false,
    },
    {
      name: 'Origin: null (sandboxed frame)',
      opts: () => ({ actor, headers: { origin: 'null' } }),
      ok: false,
    },
    {
      name: 'Sec-Fetch-Site: cross-site',
      opts: () => ({ actor, headers: { 'sec-fetch-site': 'cross-site' } }),
      ok: false,
    },
    {
      name: 'Sec-Fetch-Site: same-site (a sibling subdomain)',
      opts: () => ({ actor, headers: { 'sec-fetch-site': 'same-site' } }),
      ok: false,
    },
    {
      name: 'Sec-Fetch-Site: cross-site wins over a matching Origin',
      opts: () => ({
        actor,
        headers: { 'sec-fetch-site': 'cross-site', origin: 'http://localhost' },
      }),
      ok: false,
    },
    {
      name: 'PUT cross-site',
      method: 'PUT',
      opts: () => ({ actor, headers: { origin: 'https://evil.example' } }),
      ok: false,
    },
    {
      name: 'DELETE cross-site',
      method: 'DELETE',
      opts: () => ({ actor, headers: { 'sec-fetch-site': 'cross-site' } }),
      ok: false,
    },
    {
      name: 'Bearer token WITH a cookie, cross-site',
      opts: () => ({
        cookies: { other: '1' },
        headers: { ...bearer(), origin: 'https://evil.example' },
      }),
      ok: false,
    },
    {
      name: 'Sec-Fetch-Site: same-origin',
      opts: () => ({ actor, headers: { 'sec-fetch-site': 'same-origin' } }),
      ok: true,
    },
    {
      name: 'Sec-Fetch-Site: none (typed by the user)',
      opts: () => ({ actor, headers: { 'sec-fetch-site': 'none' } }),
      ok: true,
    },
    {
      name: 'same Origin',
      opts: () => ({ actor, headers: { origin: 'http://localhost' } }),
      ok: true,
    },
    {
      name: 'same Origin with the default port spelled out',
      opts: () => ({ actor, headers: { origin: 'http://localhost:80' } }),
      ok: true,
    },
    {
      name: 'no Origin and no Sec-Fetch-Site (curl)',
      opts: () => ({ actor, headers: {} }),
      ok: true,
    },
    {
      name: 'Bearer token without a cookie, cross-site Origin',
      opts: () => ({ headers: { ...bearer(), origin: 'https://evil.example' } }),
      ok: true,
    },
    {
      name: 'Bearer token without a cookie, Sec-Fetch-Site cross-site',
      opts: () => ({ headers: { ...bearer(), 'sec-fetch-site': 'cross-site' } }),
      ok: true,
    },
  ];

  for (const c of cases) {
    it(`${c.ok ? 'allows' : 'refuses'}: ${c.name}`, async () => {
      const before = calls;
      const res = await ds.client.request(c.method ?? 'POST', '/-/change', {
        ...c.opts(),
        form: { x: '1' },
      });
      if (c.ok) {
        assert.equal(res.status, 200);
        assert.equal(calls, before + 1, 'the handler ran');
      } else {
        assert.equal(res.status, 403);
        assert.equal(calls, before, 'the handler did not run');
        const text = await res.text();
        assert.match(text, /Cross-site request refused/);
      }
    });
  }

  it('a cross-site log-out POST does not log out', async () => {
    const res = await ds.client.post('/-/logout', {
      actor,
      headers: { origin: 'https://evil.example' },
    });
    assert.equal(res.status, 403);
    assert.equal(setCookies(res).get('ds_actor'), undefined, 'the cookie is not cleared');
  });

  it('checks Origin against https under force_https_urls', async () => {
    const https = host({
      plugins: [counting],
      config: { settings: { force_https_urls: true } as never },
    });
    const before = calls;
    const bad = await https.client.post('/-/change', {
      actor,
      headers: { origin: 'http://localhost' },
    });
    assert.equal(bad.status, 403);
    const good = await https.client.post('/-/change', {
      actor,
      headers: { origin: 'https://localhost' },
    });
    assert.equal(good.status, 200);
    assert.equal(calls, before + 1);
  });
});
