import { serializeCookie } from '../auth/cookies.js';

/** An HTML response. @example return html('<p>Hello</p>'); */
export function html(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  });
}

/** A JSON response. @example return json({ ok: true }); */
export function json(value: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** A plain-text response. */
export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...headers },
  });
}

/** True when `s` has a C0 control or DEL: never part of a local path to send a browser to. */
function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/**
 * A redirect to a path on this site. Only local paths are accepted, so a redirect can never be
 * turned into an open redirect by user input.
 *
 * @example return redirect(datasette.urls.path('/-/secrets'));
 */
export function redirect(location: string, status = 302): Response {
  if (
    !location.startsWith('/') ||
    location.startsWith('//') ||
    location.startsWith('/\\') ||
    // Browsers drop tabs and newlines from a URL, so "/\t/evil.example" would mean "//evil.example".
    hasControlCharacter(location)
  ) {
    throw new Error('redirect() only accepts a local path starting with "/"');
  }
  return new Response(null, { status, headers: { location } });
}

/** Add a Set-Cookie header to a response. */
export function setCookie(
  response: Response,
  name: string,
  value: string,
  opts: Parameters<typeof serializeCookie>[2] = {},
): Response {
  response.headers.append('set-cookie', serializeCookie(name, value, opts));
  return response;
}
