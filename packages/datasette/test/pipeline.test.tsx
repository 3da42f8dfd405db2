/**
 * The request pipeline through the real app, in process: security headers, error pages (HTML in
 * the layout, JSON for JSON requests), redirects, 405/413, the 500 page that reveals nothing,
 * flash messages across a redirect, and tampered cookies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Datasette, definePlugin, html, json, MessageLevel, redirect } from '../src/index.js';
import { type ErrorBody, makeDatasette, makeDb, setCookies, tempDir } from './helpers.js';

const SENTINEL = 'SENTINEL-7f3a9c-do-not-leak';

/** A plugin with routes that exercise the pipeline. */
const testPlugin = definePlugin({
  name: 'pipeline-test',
  hooks: {
    menuLinks: () => [{ href: '/-/plugin-page', label: 'Plugin page' }],
    registerRoutes: () => [
      {
        path: '/-/plugin-page',
        methods: ['GET'],
        handler: ({ datasette, request }) =>
          datasette.renderPage(request, { title: 'Plugin page', content: <p>plugin page</p> }),
      },
      {
        path: '/-/boom',
        handler: () => {
          // A multi-line message: stack traces repeat every line of it before the frames.
          const err = new Error(`first line\n${SENTINEL}\nthird line ${SENTINEL}`);
          throw err;
        },
      },
      {
        path: '/-/boom.json',
        handler: () => {
          throw new TypeError(`bad value ${SENTINEL}`);
        },
      },
      {
        path: '/-/boom-code',
        handler: () => {
          throw Object.assign(new Error(SENTINEL), { code: `E_${SENTINEL}` });
        },
      },
      {
        path: '/-/flash',
        methods: ['POST'],
        handler: ({ datasette, request }) => {
          datasette.addMessage(request, 'Saved <b>it</b>', MessageLevel.INFO);
          datasette.addMessage(request, 'Careful', MessageLevel.WARNING);
          return redirect('/-/plugin-page');
        },
      },
      {
        path: '/-/echo',
        methods: ['POST'],
        handler: async ({ request }) => json({ ok: true, form: await request.postVars() }),
      },
      { path: '/-/get-only', methods: ['GET'], handler: () => html('<p>get only</p>') },
    ],
  },
});

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

function assertSecurityHeaders(res: Response, label: string): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    assert.equal(res.headers.get(name), value, `${label}: ${name}`);
  }
  const csp = res.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'self'/, `${label}: CSP`);
  assert.match(csp, /frame-ancestors 'none'/, `${label}: CSP frame-ancestors`);
}

/** Capture console.error / console.warn / console.log output while `fn` runs. */
async function captureConsole(fn: () => Promise<void>): Promise<string> {
  const lines: string[] = [];
  const saved = { error: console.error, warn: console.warn, log: console.log };
  const grab = (...args: unknown[]) => {
    lines.push(args.map((a) => (a instanceof Error ? `${a.stack}` : String(a))).join(' '));
  };
  console.error = grab;
  console.warn = grab;
  console.log = grab;
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    Object.assign(console, saved);
    process.stderr.write = write;
  }
  return lines.join('\n');
}

let ds: Datasette;
let cleanup: () => void;

before(() => {
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  ds = makeDatasette({
    files: [makeDb(tmp.dir)],
    plugins: [testPlugin],
    config: { settings: { max_post_body_bytes: 200 } as never },
  });
});

after(async () => {
  await ds.close();
  cleanup();
});

describe('security headers', () => {
  it('are on every kind of response', async () => {
    const cases: Array<[string, () => Promise<Response>]> = [
      ['home', () => ds.client.get('/')],
      ['json', () => ds.client.get('/.json')],
      ['404', () => ds.client.get('/-/no-such-page')],
      ['404 json', () => ds.client.get('/-/no-such-page.json')],
      ['redirect', () => ds.client.get('/-/actor/')],
      ['405', () => ds.client.post('/-/get-only')],
      ['500', () => ds.client.get('/-/boom')],
      ['413', () => ds.client.post('/-/echo', { form: { big: 'x'.repeat(500) } })],
      [
        '401',
        () => ds.client.get('/-/actor.json', { headers: { authorization: 'Bearer dstok_x' } }),
      ],
      ['403', () => ds.client.get(`/-/auth-token?token=nope`)],
      ['plugin page', () => ds.client.get('/-/plugin-page')],
      ['HEAD', () => ds.client.request('HEAD', '/')],
    ];
    for (const [label, make] of cases) {
      const res = await captureConsole(async () => {
        const r = await make();
        await r.arrayBuffer();
        assertSecurityHeaders(r, label);
      });
      void res;
    }
  });

  it('marks dynamic responses as not cacheable', async () => {
    const res = await ds.client.get('/');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });
});

describe('not found', () => {
  it('renders a 404 page inside the layout, with the menu', async () => {
    const res = await ds.client.get('/-/no-such-page');
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    const body = await res.text();
    assert.match(body, /^<!DOCTYPE html>/);
    assert.match(body, /<title>Not found<\/title>/);
    assert.match(body, /<header class="hd">/);
    assert.match(body, /<a href="\/-\/plugin-page">Plugin page<\/a>/);
    assert.match(body, /<main class="content">[\s\S]*Page not found/);
  });

  it('answers JSON for a .json path and for Accept: application/json', async () => {
    for (const res of [
      await ds.client.get('/-/no-such-page.json'),
      await ds.client.get('/-/no-such-page', { headers: { accept: 'application/json' } }),
    ]) {
      assert.equal(res.status, 404);
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const body = (await res.json()) as ErrorBody;
      assert.deepEqual(body, {
        ok: false,
        error: 'Page not found',
        errors: ['Page not found'],
        status: 404,
      });
    }
  });
});

describe('trailing slash', () => {
  it('redirects to the path without it, keeping the query string', async () => {
    const res = await ds.client.get('/-/actor/?a=1&b=2');
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/-/actor?a=1&b=2');
    const target = await ds.client.get(res.headers.get('location') ?? '');
    assert.equal(target.status, 200);
  });

  it('never redirects off-site (//host/ paths)', async () => {
    for (const path of ['//evil.example/', '///evil.example/', '/\\evil.example/']) {
      const res = await ds.client.get(path);
      assert.equal(res.status, 302, path);
      assert.equal(res.headers.get('location'), '/evil.example', path);
    }
  });

  it('does not redirect unsafe methods', async () => {
    const res = await ds.client.post('/-/nothing-here/');
    assert.equal(res.status, 404);
  });

  it('honours base_url', async () => {
    const based = makeDatasette({ config: { settings: { base_url: '/prefix/' } as never } });
    try {
      const res = await based.client.get('/prefix/-/actor/');
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/prefix/-/actor');
      assert.equal((await based.client.get('/prefix/-/actor.json')).status, 200);
    } finally {
      await based.close();
    }
  });
});

describe('method not allowed', () => {
  it('is 405 with an Allow header for a route that declares its methods', async () => {
    const res = await ds.client.post('/-/get-only');
    assert.equal(res.status, 405);
    const allow = (res.headers.get('allow') ?? '').split(/,\s*/);
    assert.ok(allow.includes('GET'), `Allow: ${allow}`);
    assert.ok(!allow.includes('POST'));
    assert.match(await res.text(), /Method not allowed/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await ds.client.request('HEAD', '/-/get-only');
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  });

  it('is 405 for DELETE on a route with the default methods', async () => {
    const res = await ds.client.request('DELETE', '/-/echo');
    assert.equal(res.status, 405);
  });
});

describe('internal errors', () => {
  it('show a 500 page in the layout with no message, stack or sentinel', async () => {
    let body = '';
    let status = 0;
    const log = await captureConsole(async () => {
      const res = await ds.client.get('/-/boom');
      status = res.status;
      body = await res.text();
    });
    assert.equal(status, 500);
    assert.match(body, /<title>Internal error<\/title>/);
    assert.match(body, /<header class="hd">/);
    assert.ok(!body.includes(SENTINEL), 'sentinel in the page');
    assert.ok(!body.includes('first line'), 'message in the page');
    assert.ok(!/\bat .*\.(ts|js|tsx):\d+/.test(body), 'stack trace in the page');
    assert.ok(log.length > 0, 'the error is logged');
    assert.match(log, /internal error on GET \/-\/boom/);
    assert.ok(!log.includes(SENTINEL), `sentinel in the log: ${log}`);
    assert.ok(!log.includes('first line'), 'message in the log');
  });

  it('answer JSON for .json paths, without the message', async () => {
    let res: Response | undefined;
    let body = '';
    const log = await captureConsole(async () => {
      res = await ds.client.get('/-/boom.json');
      body = await res.text();
    });
    assert.equal(res?.status, 500);
    const parsed = JSON.parse(body) as ErrorBody;
    assert.equal(parsed.ok, false);
    assert.equal(parsed.status, 500);
    assert.ok(!body.includes(SENTINEL));
    assert.ok(!log.includes(SENTINEL), `sentinel in the log: ${log}`);
    assert.match(log, /TypeError/, 'the log names the error type');
  });

  it('do not log an error code that could carry data', async () => {
    let body = '';
    const log = await captureConsole(async () => {
      body = await (await ds.client.get('/-/boom-code')).text();
    });
    assert.ok(!body.includes(SENTINEL));
    assert.ok(!log.includes(SENTINEL), `sentinel in the log: ${log}`);
  });
});

describe('errors while rendering the error page', () => {
  it('fall back to a plain-text page that still reveals nothing', async () => {
    const brokenMenu = definePlugin({
      name: 'broken-menu',
      hooks: {
        menuLinks: () => {
          throw new Error(`menu failed ${SENTINEL}`);
        },
      },
    });
    const broken = makeDatasette({ plugins: [brokenMenu] });
    try {
      let res: Response | undefined;
      let body = '';
      const log = await captureConsole(async () => {
        res = await broken.client.get('/-/actor');
        body = await res.text();
      });
      assert.equal(res?.status, 500);
      assert.match(res?.headers.get('content-type') ?? '', /^text\/plain/);
      assert.ok(!body.includes(SENTINEL));
      assert.ok(!log.includes(SENTINEL), `sentinel in the log: ${log}`);
      assertSecurityHeaders(res as Response, 'fallback');
    } finally {
      await broken.close();
    }
  });

  it('a thrown non-Error value is a plain 500 too', async () => {
    const odd = definePlugin({
      name: 'odd-thrower',
      hooks: {
        registerRoutes: () => [
          {
            path: '/-/odd',
            handler: () => {
              throw SENTINEL;
            },
          },
        ],
      },
    });
    const host = makeDatasette({ plugins: [odd] });
    try {
      let body = '';
      const log = await captureConsole(async () => {
        const res = await host.client.get('/-/odd');
        assert.equal(res.status, 500);
        body = await res.text();
      });
      assert.ok(!body.includes(SENTINEL));
      assert.ok(!log.includes(SENTINEL), `sentinel in the log: ${log}`);
    } finally {
      await host.close();
    }
  });
});

describe('flash messages', () => {
  it('survive a redirect, are shown once, then the cookie is cleared', async () => {
    const actor = { id: 'alice' };
    const post = await ds.client.post('/-/flash', { actor });
    assert.equal(post.status, 302);
    assert.equal(post.headers.get('location'), '/-/plugin-page');
    const cookie = setCookies(post).get('ds_messages');
    assert.ok(cookie?.value, 'a ds_messages cookie is set');
    assert.ok(!cookie.value.includes('Saved'), 'the cookie is signed and encoded, not plain');

    const page = await ds.client.get('/-/plugin-page', {
      actor,
      cookies: { ds_messages: cookie.value },
    });
    const body = await page.text();
    assert.match(body, /<p class="message-info">Saved &lt;b&gt;it&lt;\/b&gt;<\/p>/);
    assert.match(body, /<p class="message-warning">Careful<\/p>/);
    assert.equal(setCookies(page).get('ds_messages')?.maxAge, 0, 'cookie cleared once shown');

    const again = await ds.client.get('/-/plugin-page', { actor });
    assert.ok(!(await again.text()).includes('Careful'), 'shown only once');
  });

  it('stay pending through a response that does not render them', async () => {
    const post = await ds.client.post('/-/flash');
    const value = setCookies(post).get('ds_messages')?.value ?? '';
    const jsonRes = await ds.client.get('/-/actor.json', { cookies: { ds_messages: value } });
    const kept = setCookies(jsonRes).get('ds_messages');
    assert.ok(kept?.value, 'the cookie is written back');
    assert.notEqual(kept.maxAge, 0);
    const page = await ds.client.get('/-/plugin-page', { cookies: { ds_messages: kept.value } });
    assert.match(await page.text(), /Careful/);
  });

  it('ignore a tampered or foreign ds_messages cookie', async () => {
    const other = makeDatasette({ secret: 'another-secret' });
    const foreign = other.sign([['Forged message', 1]], 'messages');
    await other.close();
    const good = ds.sign([['Real message', 1]], 'messages');
    const tampered = `${Buffer.from(JSON.stringify([['Forged message', 1]])).toString('base64url')}${good.slice(good.indexOf('.'))}`;
    for (const value of [foreign, tampered, 'garbage', '']) {
      const res = await ds.client.get('/-/plugin-page', { cookies: { ds_messages: value } });
      assert.equal(res.status, 200);
      const body = await res.text();
      assert.ok(!body.includes('Forged message'), value);
      assert.ok(!body.includes('class="message-'), value);
    }
    // The genuine cookie works, so the assertions above can fail.
    const res = await ds.client.get('/-/plugin-page', { cookies: { ds_messages: good } });
    assert.match(await res.text(), /Real message/);
  });
});

describe('ds_actor cookie', () => {
  it('a tampered cookie means anonymous', async () => {
    const good = ds.actorCookie({ id: 'root' });
    const payload = Buffer.from(JSON.stringify({ a: { id: 'admin' } })).toString('base64url');
    const swapped = `${payload}${good.slice(good.indexOf('.'))}`;
    const flipped = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
    const other = makeDatasette({ secret: 'another-secret' });
    const foreign = other.actorCookie({ id: 'root' });
    await other.close();
    for (const value of [swapped, flipped, foreign, 'not-a-cookie']) {
      const res = await ds.client.get('/-/actor.json', { cookies: { ds_actor: value } });
      assert.equal(res.status, 200);
      assert.deepEqual(await res.json(), { ok: true, actor: null }, value);
      const page = await (await ds.client.get('/', { cookies: { ds_actor: value } })).text();
      assert.ok(!page.includes('Log out'), 'no log-out button for a tampered cookie');
    }
    const res = await ds.client.get('/-/actor.json', { cookies: { ds_actor: good } });
    assert.deepEqual(await res.json(), { ok: true, actor: { id: 'root' } });
  });

  it('an expired cookie means anonymous', async () => {
    const past = Math.floor(Date.now() / 1000) - 10;
    const res = await ds.client.get('/-/actor.json', {
      cookies: { ds_actor: ds.actorCookie({ id: 'root' }, past) },
    });
    assert.deepEqual(await res.json(), { ok: true, actor: null });
  });
});

describe('request bodies', () => {
  it('are read within max_post_body_bytes', async () => {
    const res = await ds.client.post('/-/echo', { form: { note: 'hello', blank: '' } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { ok: true, form: { note: 'hello', blank: '' } });
  });

  it('over max_post_body_bytes get 413', async () => {
    const res = await ds.client.post('/-/echo', { form: { note: 'x'.repeat(500) } });
    assert.equal(res.status, 413);
    assert.match(await res.text(), /larger than the 200 byte limit/);
  });

  it('over the limit by declared Content-Length get 413 (JSON for JSON clients)', async () => {
    const res = await ds.client.post('/-/echo', {
      headers: { 'content-length': '100000', accept: 'application/json' },
      form: { note: 'x'.repeat(300) },
    });
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as ErrorBody).status, 413);
  });
});
