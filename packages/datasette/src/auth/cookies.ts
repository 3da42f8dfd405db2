/**
 * Options for {@link serializeCookie}. Leaving out `maxAge` and `expires` makes a session cookie.
 * @example serializeCookie('ds_actor', '', { maxAge: 0 })
 */
export interface CookieOptions {
  /** Lifetime in seconds; `0` deletes the cookie. */
  maxAge?: number;
  expires?: Date;
  /** Defaults to `/`. */
  path?: string;
  httpOnly?: boolean;
  secure?: boolean;
  /** Defaults to `Lax`. `None` requires `secure`, as browsers ignore the cookie otherwise. */
  sameSite?: 'Lax' | 'Strict' | 'None';
}

/** RFC 6265 cookie-name (an RFC 7230 token). */
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * Printable ASCII except `;` (the ranges skip 0x3B): a path must not end the attribute early
 * or smuggle control characters into the header. Non-ASCII paths must be percent-encoded.
 */
const VALID_PATH = /^[ -:<-~]*$/;

/** Decodes percent-escapes, keeping the raw value when they are malformed (e.g. `%E0%A4%A`). */
function safeDecode(value: string): string {
  if (!value.includes('%')) {
    return value;
  }
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * Parses a `Cookie` request header into name → value. Values are percent-decoded when possible
 * and unquoted; the first occurrence of a name wins (browsers send the most specific path
 * first); pairs without `=` or with an empty name are skipped. The result has no prototype, so
 * a cookie named `__proto__` or `constructor` is just data.
 *
 * @example
 * parseCookies('ds_actor=abc.def; theme=dark'); // { ds_actor: 'abc.def', theme: 'dark' }
 */
export function parseCookies(header: string | null | undefined): Record<string, string> {
  const cookies: Record<string, string> = Object.create(null);
  if (typeof header !== 'string' || header.length === 0) {
    return cookies;
  }
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq < 0) {
      continue;
    }
    const name = pair.slice(0, eq).trim();
    if (name.length === 0 || name in cookies) {
      continue;
    }
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    cookies[name] = safeDecode(value);
  }
  return cookies;
}

/** The attribute part of a Set-Cookie header, validated so a bad option fails loudly here. */
function attributes(opts: CookieOptions): string[] {
  const parts: string[] = [];
  if (opts.maxAge !== undefined) {
    if (!Number.isFinite(opts.maxAge)) {
      throw new TypeError('serializeCookie: maxAge must be a finite number of seconds');
    }
    parts.push(`Max-Age=${Math.floor(opts.maxAge)}`);
  }
  if (opts.expires !== undefined) {
    if (!(opts.expires instanceof Date) || Number.isNaN(opts.expires.getTime())) {
      throw new TypeError('serializeCookie: expires must be a valid Date');
    }
    parts.push(`Expires=${opts.expires.toUTCString()}`);
  }
  const path = opts.path ?? '/';
  if (!VALID_PATH.test(path)) {
    throw new TypeError('serializeCookie: path must not contain ";" or control characters');
  }
  parts.push(`Path=${path}`);
  if (opts.httpOnly) {
    parts.push('HttpOnly');
  }
  if (opts.secure) {
    parts.push('Secure');
  }
  const sameSite = opts.sameSite ?? 'Lax';
  if (sameSite === 'None' && !opts.secure) {
    throw new TypeError('serializeCookie: sameSite "None" requires secure: true');
  }
  parts.push(`SameSite=${sameSite}`);
  return parts;
}

/**
 * Builds a `Set-Cookie` header value. The value is percent-encoded (signed tokens contain only
 * URL-safe characters, so they pass through unchanged). Defaults: `Path=/` and `SameSite=Lax`,
 * which is what Datasette sets on `ds_actor` and `ds_messages`.
 *
 * @example
 * serializeCookie('ds_actor', token);              // 'ds_actor=…; Path=/; SameSite=Lax'
 * serializeCookie('ds_actor', '', { maxAge: 0 });  // logout: 'ds_actor=; Max-Age=0; Path=/; SameSite=Lax'
 */
export function serializeCookie(name: string, value: string, opts: CookieOptions = {}): string {
  if (typeof name !== 'string' || !COOKIE_NAME.test(name)) {
    throw new TypeError('serializeCookie: invalid cookie name');
  }
  return [`${name}=${encodeURIComponent(value)}`, ...attributes(opts)].join('; ');
}
