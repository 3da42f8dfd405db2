/**
 * Header-based CSRF protection, Datasette 1.0a27+ (`datasette/csrf.py`, after Filippo
 * Valsorda's algorithm and Go's `http.CrossOriginProtection`). No tokens or cookies: browsers
 * say where a request came from in `Sec-Fetch-Site` (or `Origin` for older ones), and
 * non-browser clients, which cannot carry a victim's cookies, send neither.
 */

/**
 * What {@link checkCsrf} reads from a request.
 * @example { method: c.req.method, headers: c.req.raw.headers, url: new URL(c.req.url) }
 */
export interface CsrfRequest {
  method: string;
  headers: Headers;
  url: URL;
}

/**
 * Options for {@link checkCsrf}.
 * @example { forceHttps: settings.force_https_urls }
 */
export interface CsrfOptions {
  /** The `force_https_urls` setting: the site's scheme is https whatever the connection says. */
  forceHttps?: boolean;
}

/**
 * The outcome of {@link checkCsrf}; `reason` is a sentence for the 403 page. It never quotes
 * header values, so it cannot carry attacker-chosen text.
 * @example { ok: false, reason: 'Cross-site request refused: …' }
 */
export type CsrfResult = { ok: true } | { ok: false; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ALLOWED_FETCH_SITES = new Set(['same-origin', 'none']);

const PASS: CsrfResult = { ok: true };

function refuse(reason: string): CsrfResult {
  return { ok: false, reason };
}

/**
 * A Bearer `Authorization` with no `Cookie` is not an ambient browser credential, so it cannot
 * be forged cross-site. With a cookie present, cookie auth may be in play, so it is checked.
 */
function isCookielessBearer(headers: Headers): boolean {
  const authorization = headers.get('authorization');
  if (!authorization || headers.get('cookie')) {
    return false;
  }
  const scheme = authorization.trim().split(/\s+/, 1)[0];
  return scheme.toLowerCase() === 'bearer';
}

/**
 * `scheme://host[:port]` with default ports dropped (WHATWG origin), or null unless the value is
 * a bare origin. Requiring no path, query, fragment or credentials also rejects a Host header
 * such as `evil.example@site` or `site/x` that would otherwise parse as something else.
 */
function originOf(value: string): string | null {
  try {
    const url = new URL(value);
    const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
    return bare && url.origin !== 'null' ? url.origin : null;
  } catch {
    return null;
  }
}

/** Compares the Origin header with the request's own scheme and Host, default ports filled in. */
function checkOrigin(origin: string, req: CsrfRequest, opts: CsrfOptions): CsrfResult {
  const host = req.headers.get('host');
  if (!host) {
    return refuse('Cross-site request refused: the request has no Host header');
  }
  const scheme = opts.forceHttps ? 'https' : req.url.protocol.replace(/:$/, '');
  const expected = originOf(`${scheme}://${host}`);
  const actual = originOf(origin);
  if (actual === null) {
    return refuse('Cross-site request refused: the Origin header is not a valid origin');
  }
  if (expected === null || actual !== expected) {
    return refuse('Cross-site request refused: the Origin header does not match this site');
  }
  return PASS;
}

/**
 * Decides whether an unsafe request may proceed, applying Datasette's rules in order:
 * 1. GET, HEAD and OPTIONS pass.
 * 2. A Bearer `Authorization` (scheme in any case) with no `Cookie` header passes.
 * 3. If `Sec-Fetch-Site` is present it must be `same-origin` or `none`.
 * 4. Otherwise a request without `Origin` passes (not a browser).
 * 5. Otherwise `Origin` must equal the request's scheme (https under `forceHttps`) and `Host`,
 *    with default ports filled in; `Origin: null` fails.
 *
 * @example
 * const result = checkCsrf({ method: 'POST', headers, url: new URL(request.url) });
 * if (!result.ok) return forbidden(result.reason);
 */
export function checkCsrf(req: CsrfRequest, opts: CsrfOptions = {}): CsrfResult {
  if (SAFE_METHODS.has(req.method.toUpperCase())) {
    return PASS;
  }
  const { headers } = req;
  if (isCookielessBearer(headers)) {
    return PASS;
  }
  // An empty header counts as absent, as in Datasette (it tests the bytes for truthiness).
  const fetchSite = headers.get('sec-fetch-site');
  if (fetchSite) {
    return ALLOWED_FETCH_SITES.has(fetchSite)
      ? PASS
      : refuse('Cross-site request refused: the browser reported it as coming from another site');
  }
  const origin = headers.get('origin');
  if (!origin) {
    return PASS;
  }
  return checkOrigin(origin, req, opts);
}
