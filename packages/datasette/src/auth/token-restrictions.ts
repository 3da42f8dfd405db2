/**
 * The `_r` part of a signed API token. Kept apart from token signing because the permission
 * engine needs these helpers too, without pulling in token creation.
 */

/**
 * Restrictions carried in a token's `_r`, using action abbreviations. A token can only narrow
 * what its actor may do: `a` lists instance-wide actions, `d` actions per database, `r` actions
 * per table (database → table → actions).
 * @example const r: TokenRestrictions = { a: ['ms'], d: { data: ['vt'] } };
 */
export interface TokenRestrictions {
  a?: string[];
  d?: Record<string, string[]>;
  r?: Record<string, Record<string, string[]>>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function isActionMap(value: unknown): value is Record<string, string[]> {
  return isObject(value) && Object.values(value).every(isStringArray);
}

/**
 * True when `value` has the shape of {@link TokenRestrictions}: an object whose optional `a`
 * is a string array, `d` maps names to string arrays, and `r` maps names to such maps. Other
 * keys are ignored (they restrict nothing). Checked on verify so permission code can trust it.
 *
 * @example
 * isTokenRestrictions({ a: ['ms'] });   // true
 * isTokenRestrictions({ a: 'ms' });     // false
 */
export function isTokenRestrictions(value: unknown): value is TokenRestrictions {
  if (!isObject(value)) {
    return false;
  }
  const { a, d, r } = value;
  return (
    (a === undefined || isStringArray(a)) &&
    (d === undefined || isActionMap(d)) &&
    (r === undefined || (isObject(r) && Object.values(r).every(isActionMap)))
  );
}

/**
 * Drops empty parts, as Datasette only writes the restrictions that were given; returns
 * `undefined` when nothing is left, so the token carries no `_r` at all.
 *
 * @example
 * compactRestrictions({ a: [], d: { data: ['vt'] } }); // { d: { data: ['vt'] } }
 * compactRestrictions({ a: [] });                       // undefined
 */
export function compactRestrictions(
  restrictions: TokenRestrictions | undefined,
): TokenRestrictions | undefined {
  if (!restrictions) {
    return undefined;
  }
  const out: TokenRestrictions = {};
  if (restrictions.a && restrictions.a.length > 0) {
    out.a = restrictions.a;
  }
  if (restrictions.d && Object.keys(restrictions.d).length > 0) {
    out.d = restrictions.d;
  }
  if (restrictions.r && Object.keys(restrictions.r).length > 0) {
    out.r = restrictions.r;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
