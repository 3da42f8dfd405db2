import { Hono } from 'hono';
import type { Datasette } from '../app.js';
import { serializeCookie } from '../auth/cookies.js';
import { checkCsrf } from '../auth/csrf.js';
import { decodeMessages, encodeMessages, MESSAGES_COOKIE } from '../auth/messages.js';
import { errorResponse } from './error-response.js';
import { HttpError, MethodNotAllowed, NotFound } from './errors.js';
import { DatasetteRequest } from './request.js';
import type { Route } from './routes.js';

type Env = { Bindings: { request: DatasetteRequest } };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const DEFAULT_METHODS = ['GET', 'HEAD', 'POST'];

/** Headers added to every response. The pages use no inline script or style. */
const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
};

const SECURITY_HEADER_ENTRIES = Object.entries(SECURITY_HEADERS);

/**
 * Build the request handler: strip `base_url`, load flash messages, resolve the actor (hooks),
 * refuse cross-site unsafe requests, route (plugin routes before core routes), turn errors into
 * error pages, write back flash messages and add security headers.
 */
export async function createHandler(ds: Datasette): Promise<(raw: Request) => Promise<Response>> {
  const app = new Hono<Env>({
    // The path was already parsed for the DatasetteRequest: reuse it rather than parse again.
    getPath: (req, opts) =>
      (opts?.env as Env['Bindings'] | undefined)?.request?.path ??
      ds.urls.strip(new URL(req.url).pathname),
  });
  for (const route of await collectRoutes(ds))
    app.all(route.path, (c) => runRoute(ds, route, c.env.request, c.req.param()));
  app.notFound((c) => notFound(ds, c.env.request));

  return async (raw: Request): Promise<Response> => {
    const url = new URL(raw.url);
    const request = new DatasetteRequest(
      raw,
      url,
      ds.urls.strip(url.pathname),
      ds.settings.max_post_body_bytes,
    );
    loadMessages(ds, request);
    let response: Response;
    try {
      request.actor =
        (await ds.pm.callFirst('actorFromRequest', { datasette: ds, request })) ?? null;
      if (!SAFE_METHODS.has(request.method)) {
        const csrf = checkCsrf(
          { method: request.method, headers: request.raw.headers, url: request.url },
          { forceHttps: ds.settings.force_https_urls },
        );
        if (!csrf.ok) throw new HttpError(403, csrf.reason, 'CSRF');
      }
      response = await app.fetch(raw, { request });
    } catch (err) {
      response = await errorResponse(ds, request, err);
    }
    return finish(ds, request, response);
  };
}

async function collectRoutes(ds: Datasette): Promise<Route[]> {
  const plugin: Route[] = [];
  const core: Route[] = [];
  for (const [name, routes] of await ds.pm.callAllNamed('registerRoutes', { datasette: ds })) {
    (name.startsWith('datasette:') ? core : plugin).push(...routes);
  }
  return [...plugin, ...core];
}

async function runRoute(
  ds: Datasette,
  route: Route,
  request: DatasetteRequest,
  params: Record<string, string>,
): Promise<Response> {
  try {
    const methods = route.methods ?? DEFAULT_METHODS;
    if (!methods.includes(request.method)) {
      if (request.method === 'HEAD' && methods.includes('GET')) {
        // HEAD is answered like GET.
      } else {
        const allow =
          methods.includes('GET') && !methods.includes('HEAD') ? [...methods, 'HEAD'] : methods;
        throw new MethodNotAllowed(request.method, allow);
      }
    }
    request.params = params;
    return await route.handler({ datasette: ds, request });
  } catch (err) {
    return errorResponse(ds, request, err);
  }
}

async function notFound(ds: Datasette, request: DatasetteRequest): Promise<Response> {
  const p = request.path;
  if (p.length > 1 && p.endsWith('/') && SAFE_METHODS.has(request.method)) {
    // Collapse leading slashes: `//evil.example/` must not redirect to `//evil.example`.
    const local = `/${p.replace(/^[/\\]+/, '').replace(/\/+$/, '')}`;
    const target = ds.urls.path(local) + request.url.search;
    return new Response(null, { status: 302, headers: { location: target } });
  }
  return errorResponse(ds, request, new NotFound('Page not found'));
}

function loadMessages(ds: Datasette, request: DatasetteRequest): void {
  const cookie = request.cookies[MESSAGES_COOKIE];
  if (cookie === undefined) return;
  request.hadMessagesCookie = true;
  request.messages = decodeMessages(ds.signer, cookie);
}

function finish(ds: Datasette, request: DatasetteRequest, response: Response): Response {
  const h = response.headers;
  if (request.messages.length > 0) {
    h.append(
      'set-cookie',
      serializeCookie(MESSAGES_COOKIE, encodeMessages(ds.signer, request.messages), {
        httpOnly: true,
      }),
    );
  } else if (request.hadMessagesCookie) {
    h.append('set-cookie', serializeCookie(MESSAGES_COOKIE, '', { maxAge: 0, httpOnly: true }));
  }
  for (const [k, v] of SECURITY_HEADER_ENTRIES) if (!h.has(k)) h.set(k, v);
  if (!h.has('cache-control')) h.set('cache-control', 'no-store');
  return response;
}
