import type { Datasette } from '../app.js';
import { ACTOR_COOKIE } from '../auth/actor-cookie.js';
import type { Actor } from '../types.js';

/** Options for an in-process request. */
export interface ClientOptions {
  /** Make the request as this actor (a signed `ds_actor` cookie is added). */
  actor?: Actor | null;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
  /** A url-encoded form body. */
  form?: Record<string, string>;
  /** A JSON body. */
  json?: unknown;
  body?: string;
}

/** In-process requests through the real request pipeline, for tests and `--get`. */
export interface TestClient {
  get(path: string, opts?: ClientOptions): Promise<Response>;
  post(path: string, opts?: ClientOptions): Promise<Response>;
  request(method: string, path: string, opts?: ClientOptions): Promise<Response>;
}

/**
 * Build the client for a host. Requests go to `http://localhost` with no Origin header, like a
 * same-site tool; pass `headers` to simulate a browser's cross-site request.
 *
 * @example
 * const res = await datasette.client.post('/-/secrets/FOO', { actor: { id: 'root' }, form: { secret: 'x' } });
 */
export function createClient(ds: Datasette): TestClient {
  const request = (method: string, path: string, opts: ClientOptions = {}): Promise<Response> => {
    const headers = new Headers(opts.headers);
    const cookies = { ...opts.cookies };
    if (opts.actor) cookies[ACTOR_COOKIE] = ds.actorCookie(opts.actor);
    const cookieHeader = Object.entries(cookies)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('; ');
    if (cookieHeader)
      headers.set('cookie', [headers.get('cookie'), cookieHeader].filter(Boolean).join('; '));
    let body: string | undefined = opts.body;
    if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      if (!headers.has('content-type'))
        headers.set('content-type', 'application/x-www-form-urlencoded');
    } else if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    }
    if (!headers.has('host')) headers.set('host', 'localhost');
    // A path is a path: `//x/` stays on this host instead of meaning http://x/.
    const url = path.startsWith('/')
      ? `http://localhost${path}`
      : new URL(path, 'http://localhost').href;
    return ds.fetch(new Request(url, { method, headers, body }));
  };
  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, opts) => request('POST', path, opts),
  };
}
