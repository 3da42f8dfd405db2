import type { Actor } from '../types.js';
import { BadSignature, type Signer } from './signer.js';
import {
  compactRestrictions,
  isTokenRestrictions,
  type TokenRestrictions,
} from './token-restrictions.js';

export type { TokenRestrictions } from './token-restrictions.js';

/**
 * Prefix of Datasette's signed API tokens; other prefixes belong to other token handlers.
 * @example token.startsWith(TOKEN_PREFIX)
 */
export const TOKEN_PREFIX = 'dstok_';

/** Signing namespace for API tokens. */
const NAMESPACE = 'token';

/**
 * Options for {@link createApiToken}.
 * @example { expiresAfter: 3600, restrictions: { a: ['ms'] } }
 */
export interface CreateTokenOptions {
  /** Lifetime in seconds; `0` or left out means no `d` (the server's max TTL then applies). */
  expiresAfter?: number;
  restrictions?: TokenRestrictions;
  /** Creation time in unix seconds; defaults to the current time. */
  now?: number;
}

/**
 * Settings and clock for {@link verifyApiToken}.
 * @example { allowSignedTokens: true, maxTtl: 0, now: Math.floor(Date.now() / 1000) }
 */
export interface VerifyTokenOptions {
  /** The `allow_signed_tokens` setting. */
  allowSignedTokens: boolean;
  /** The `max_signed_tokens_ttl` setting in seconds; `0` means no cap. */
  maxTtl: number;
  /** Current unix time in seconds. */
  now: number;
}

/**
 * The outcome of {@link verifyApiToken}; `reason` is a short phrase safe to show or log.
 * @example { ok: false, reason: 'token has expired' }
 */
export type VerifyTokenResult = { ok: true; actor: Actor } | { ok: false; reason: string };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Creates a signed API token: `'dstok_' + sign({a, t, d?, _r?}, 'token')`. The caller checks the
 * `allow_signed_tokens` setting and converts action names to abbreviations first.
 *
 * @example
 * const token = createApiToken(signer, 'root', { expiresAfter: 3600, restrictions: { a: ['ms'] } });
 * // Authorization: Bearer dstok_…
 */
export function createApiToken(
  signer: Signer,
  actorId: string,
  opts: CreateTokenOptions = {},
): string {
  if (typeof actorId !== 'string' || actorId.length === 0) {
    throw new TypeError('createApiToken: actorId must be a non-empty string');
  }
  const { expiresAfter } = opts;
  if (expiresAfter !== undefined && (!Number.isSafeInteger(expiresAfter) || expiresAfter < 0)) {
    throw new RangeError('createApiToken: expiresAfter must be a non-negative integer of seconds');
  }
  const body: Record<string, unknown> = {
    a: actorId,
    t: Math.floor(opts.now ?? Date.now() / 1000),
  };
  if (expiresAfter) {
    body.d = expiresAfter;
  }
  if (opts.restrictions !== undefined && !isTokenRestrictions(opts.restrictions)) {
    throw new TypeError(
      'createApiToken: restrictions must be { a?: [], d?: {}, r?: {} } of strings',
    );
  }
  const restrictions = compactRestrictions(opts.restrictions);
  if (restrictions) {
    body._r = restrictions;
  }
  return TOKEN_PREFIX + signer.sign(body, NAMESPACE);
}

/** The fields of a verified token body, checked for type. */
interface TokenBody {
  a: string | number;
  t: number;
  d: number | null;
  _r?: TokenRestrictions;
}

/** Unsigns and type-checks a token body; `null` for a bad signature, `'malformed'` for bad fields. */
function readToken(signer: Signer, token: string): TokenBody | 'malformed' | null {
  let body: unknown;
  try {
    body = signer.unsign(token.slice(TOKEN_PREFIX.length), NAMESPACE);
  } catch (error) {
    if (error instanceof BadSignature) {
      return null;
    }
    throw error;
  }
  if (!isObject(body) || (typeof body.a !== 'string' && typeof body.a !== 'number')) {
    return 'malformed';
  }
  const { a, t, d, _r } = body;
  const hasD = d !== undefined && d !== null;
  if (!Number.isSafeInteger(t) || (hasD && !Number.isSafeInteger(d))) {
    return 'malformed';
  }
  if (_r !== undefined && !isTokenRestrictions(_r)) {
    return 'malformed';
  }
  return { a, t: t as number, d: hasD ? (d as number) : null, _r };
}

/** The effective lifetime in seconds: `d` capped by a non-zero max TTL; 0 means no expiry. */
function lifetime(d: number | null, maxTtl: number): number {
  if (maxTtl > 0 && (d === null || d > maxTtl)) {
    return maxTtl;
  }
  return d ?? 0;
}

/**
 * Verifies a signed API token (with its `dstok_` prefix) following Datasette's rules: refused
 * when signed tokens are disabled, the signature is bad, `t` or `d` is not an integer, or it has
 * expired. The lifetime is `d` capped by `maxTtl`, or `maxTtl` when there is no `d`; with
 * neither (or `d` of 0 and no cap) the token never expires. It is valid up to and including
 * second `t + lifetime`.
 *
 * @example
 * const result = verifyApiToken(signer, token, { allowSignedTokens: true, maxTtl: 0, now });
 * if (result.ok) request.actor = result.actor; // { id: 'root', token: 'dstok', … }
 */
export function verifyApiToken(
  signer: Signer,
  token: string,
  opts: VerifyTokenOptions,
): VerifyTokenResult {
  if (!opts.allowSignedTokens) {
    return { ok: false, reason: 'signed API tokens are disabled' };
  }
  if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) {
    return { ok: false, reason: 'not a signed API token' };
  }
  const body = readToken(signer, token);
  if (body === null) {
    return { ok: false, reason: 'invalid token signature' };
  }
  if (body === 'malformed') {
    return { ok: false, reason: 'malformed token' };
  }
  const duration = lifetime(body.d, opts.maxTtl);
  if (duration !== 0 && opts.now - body.t > duration) {
    return { ok: false, reason: 'token has expired' };
  }
  const actor: Actor = { id: body.a, token: 'dstok' };
  if (body._r !== undefined) {
    actor._r = body._r;
  }
  if (duration !== 0) {
    actor.token_expires = body.t + duration;
  }
  return { ok: true, actor };
}

/**
 * The credentials of an `Authorization: Bearer …` header, or `null`. The `Bearer ` prefix is
 * matched case-sensitively, as Datasette does for its signed tokens; the caller then checks for
 * {@link TOKEN_PREFIX} (other prefixes may belong to plugin token handlers).
 *
 * @example
 * bearerToken(request.headers.get('authorization')); // 'dstok_…' for 'Bearer dstok_…'
 */
export function bearerToken(authorizationHeader: string | null): string | null {
  if (typeof authorizationHeader !== 'string' || !authorizationHeader.startsWith('Bearer ')) {
    return null;
  }
  const token = authorizationHeader.slice('Bearer '.length);
  return token.length > 0 ? token : null;
}
