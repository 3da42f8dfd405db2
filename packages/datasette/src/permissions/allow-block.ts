/**
 * Allow-block matching: does an actor satisfy a block such as `{ id: ['root', 'admin'] }`?
 * Python's `actor_matches_allow`, kept exact because config files written for Python Datasette
 * must grant the same people the same access here.
 */
import type { Actor } from '../types.js';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Does one block key match the actor? `"*"` means "has the key"; otherwise any shared value. */
function keyMatches(actor: Record<string, unknown>, key: string, wanted: unknown): boolean {
  if (wanted === '*' && Object.hasOwn(actor, key)) return true;
  const actorValue = Object.hasOwn(actor, key) ? actor[key] : undefined;
  // A null or missing actor value never matches, not even a block value of null.
  if (actorValue === null || actorValue === undefined) return false;
  const wantedList = Array.isArray(wanted) ? wanted : [wanted];
  const actorList = Array.isArray(actorValue) ? actorValue : [actorValue];
  // Strict equality: no coercion, so the block value "1" does not match the actor id 1.
  return actorList.some((value) => wantedList.includes(value));
}

/**
 * True when `actor` satisfies the allow block `allow`:
 * - `true` / `1` allow everyone, `false` / `0` no one, and no block at all (`undefined` or
 *   `null`) allows everyone;
 * - an anonymous actor (`null`) matches `{ unauthenticated: true }`;
 * - otherwise the block's keys are OR-ed: `"*"` matches an actor that has that key, and scalars
 *   are treated as one-item lists that match when they share a value with the actor's.
 * A block of any other shape (a string, a list) matches no one: failing closed is the safe
 * reading of a malformed permission.
 * @example actorMatchesAllow({ id: 'root' }, { id: ['root', 'admin'] }); // true
 * @example actorMatchesAllow(null, { unauthenticated: true }); // true
 * @example actorMatchesAllow({ id: 'bob' }, { id: 'admin' }); // false
 */
export function actorMatchesAllow(actor: Actor | null, allow: unknown): boolean {
  if (allow === true || allow === 1) return true;
  if (allow === false || allow === 0) return false;
  if (allow === undefined || allow === null) return true;
  if (!isRecord(allow)) return false;
  if (actor === null && allow.unauthenticated === true) return true;
  const subject: Record<string, unknown> = isRecord(actor) ? actor : {};
  for (const key of Object.keys(allow)) {
    if (keyMatches(subject, key, allow[key])) return true;
  }
  return false;
}
