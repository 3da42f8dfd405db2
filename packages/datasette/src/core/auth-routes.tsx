import { readFile } from 'node:fs/promises';
import { ACTOR_COOKIE } from '../auth/actor-cookie.js';
import { serializeCookie } from '../auth/cookies.js';
import { definePlugin } from '../plugin/define.js';
import { Forbidden, NotFound } from '../web/errors.js';
import { json, redirect } from '../web/responses.js';
import type { ViewContext } from '../web/routes.js';
import { createTokenPage, createTokenPost } from './create-token.js';

// src/static when run from source, dist/static (copied by the build) when run from dist.
const STATIC_DIR = new URL('../static/', import.meta.url);

/** Login and identity pages: root login link, `/-/actor`, log out, API tokens, static files. */
export const authRoutesPlugin = definePlugin({
  name: 'datasette:auth-routes',
  hooks: {
    registerRoutes: () => [
      { path: '/-/auth-token', methods: ['GET'], handler: authToken },
      { path: '/-/actor.json', methods: ['GET'], handler: actorJson },
      { path: '/-/actor', methods: ['GET'], handler: actorPage },
      { path: '/-/logout', methods: ['GET', 'POST'], handler: logout },
      {
        path: '/-/create-token',
        methods: ['GET', 'POST'],
        handler: (ctx) =>
          ctx.request.method === 'POST' ? createTokenPost(ctx) : createTokenPage(ctx),
      },
      { path: '/-/static/:file{[a-z0-9-]+\\.css}', methods: ['GET'], handler: staticFile },
    ],
  },
});

function authToken({ datasette, request }: ViewContext): Response {
  if (request.actor?.id === 'root') return redirect(datasette.urls.instance());
  if (!datasette.rootEnabled)
    throw new Forbidden('Root login is not enabled: start datasette with --root');
  const result = datasette.rootLogin.check(request.query.get('token'));
  if (result === 'used') throw new Forbidden('Root token has already been used');
  if (result === 'invalid') throw new Forbidden('Invalid token');
  const res = redirect(datasette.urls.instance());
  res.headers.append(
    'set-cookie',
    serializeCookie(ACTOR_COOKIE, datasette.actorCookie({ id: 'root' }), { httpOnly: true }),
  );
  return res;
}

function actorJson({ request }: ViewContext): Response {
  return json({ ok: true, actor: request.actor });
}

function actorPage({ datasette, request }: ViewContext): Promise<Response> {
  return datasette.renderPage(request, {
    title: 'Actor',
    content: (
      <>
        <h1>Actor</h1>
        <pre>{JSON.stringify(request.actor, null, 4)}</pre>
      </>
    ),
  });
}

function logout({ datasette, request }: ViewContext): Response | Promise<Response> {
  if (request.method === 'POST') {
    datasette.addMessage(request, 'You are now logged out', 2);
    const res = redirect(datasette.urls.instance());
    res.headers.append(
      'set-cookie',
      serializeCookie(ACTOR_COOKIE, '', { maxAge: 0, httpOnly: true }),
    );
    return res;
  }
  if (!request.actor) return redirect(datasette.urls.instance());
  return datasette.renderPage(request, {
    title: 'Log out',
    content: (
      <>
        <h1>Log out</h1>
        <p>You are logged in as {String(request.actor.id ?? '')}.</p>
        <form action={datasette.urls.logout()} method="post">
          <button type="submit">Log out</button>
        </form>
      </>
    ),
  });
}

async function staticFile({ request }: ViewContext): Promise<Response> {
  let body: string;
  try {
    body = await readFile(new URL(request.params.file, STATIC_DIR), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFound('Page not found');
    throw err;
  }
  return new Response(body, {
    headers: { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=3600' },
  });
}
