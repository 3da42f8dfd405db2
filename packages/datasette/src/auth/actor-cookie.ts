import type { Actor } from '../types.js';
import { base62Decode, base62Encode } from '../util/base62.js';
import { BadSignature, type Signer } from './signer.js';

/**
 * Name of the cookie holding the signed actor.
 * @example parseCookies(request.headers.get('cookie'))[ACTOR_COOKIE]
 */
export const ACTOR_COOKIE = 'ds_actor';

/** Signing namespace, shared with nothing else so other signed values cannot pose as actors. */
const NAMESPACE = 'actor';

/**
 * Options for {@link encodeActorCookie}.
 * @example { expiresAt: Math.floor(Date.now() / 1000) + 86400 }
 */
export interface ActorCookieOptions {
  /** Unix time in seconds after which the cookie is ignored; left out, it never expires. */
  expiresAt?: number;
}

/** A plain JSON object (not null, not an array). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Signs an actor into a `ds_actor` cookie value: `{"a": actor}` plus, with an expiry, `"e"` as
 * base62 unix seconds (Datasette's layout, so the `e` semantics carry over). Put the result in
 * `serializeCookie(ACTOR_COOKIE, value)`.
 *
 * @example
 * const value = encodeActorCookie(signer, { id: 'root' });
 * const daily = encodeActorCookie(signer, actor, { expiresAt: Math.floor(Date.now() / 1000) + 86400 });
 */
export function encodeActorCookie(
  signer: Signer,
  actor: Actor,
  opts: ActorCookieOptions = {},
): string {
  if (!isObject(actor)) {
    throw new TypeError('encodeActorCookie: actor must be an object');
  }
  const body: { a: Actor; e?: string } = { a: actor };
  if (opts.expiresAt !== undefined) {
    // base62Encode throws for negative or non-integer values; flooring allows Date.now() / 1000.
    body.e = base62Encode(Math.floor(opts.expiresAt));
  }
  return signer.sign(body, NAMESPACE);
}

/**
 * Reads a `ds_actor` cookie value. Returns `null` (anonymous), never throws, when the signature
 * is bad, the payload is not an object, `a` is missing or not an object, `e` is malformed, or
 * `now` is past `e`. A cookie is still valid during the second named by `e`, as in Datasette.
 *
 * @example
 * const actor = decodeActorCookie(signer, cookies[ACTOR_COOKIE], Date.now() / 1000);
 */
export function decodeActorCookie(signer: Signer, value: string, now: number): Actor | null {
  let decoded: unknown;
  try {
    decoded = signer.unsign(value, NAMESPACE);
  } catch (error) {
    if (error instanceof BadSignature) {
      return null;
    }
    throw error;
  }
  if (!isObject(decoded) || !isObject(decoded.a)) {
    return null;
  }
  const { e } = decoded;
  if (e !== undefined && e !== null) {
    if (typeof e !== 'string') {
      return null;
    }
    let expiresAt: number;
    try {
      expiresAt = base62Decode(e);
    } catch {
      return null;
    }
    if (now > expiresAt) {
      return null;
    }
  }
  return decoded.a as Actor;
}
