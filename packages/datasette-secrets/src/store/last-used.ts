/**
 * Helpers for `last_used_at` / `last_used_by` bookkeeping. The Python plugin writes both on every
 * read of a stored secret; most of those writes store what is already there (same second, same
 * actor), and skipping them keeps `getSecret` a pure read in the common case.
 */
import type { StoredSecret } from './types.js';

let cachedSecond = Number.NaN;
let cachedText = '';

/**
 * The time as SQLite's `datetime('now')` writes it: UTC `YYYY-MM-DD HH:MM:SS`.
 *
 * @example
 * sqliteNow(new Date('2026-12-04T19:25:42.500Z')); // '2026-12-04 19:25:42'
 */
export function sqliteNow(date: Date = new Date()): string {
  const ms = date.getTime();
  const second = Math.floor(ms / 1000);
  // Called on every secret read; formatting once per second saves a Date→ISO round trip.
  if (second !== cachedSecond) {
    if (!Number.isFinite(ms)) throw new RangeError('sqliteNow needs a valid date');
    cachedText = date.toISOString().slice(0, 19).replace('T', ' ');
    cachedSecond = second;
  }
  return cachedText;
}

/**
 * Whether recording a use at `nowSqlite` by `actorId` would change the row: false when the row
 * already says this second and this actor (anonymous use is stored as NULL).
 *
 * @example
 * const now = sqliteNow();
 * if (needsTouch(row, actorId, now)) store.touchLastUsed(row.id, actorId, now);
 */
export function needsTouch(
  row: Pick<StoredSecret, 'lastUsedAt' | 'lastUsedBy'>,
  actorId: string | null | undefined,
  nowSqlite: string,
): boolean {
  return row.lastUsedAt !== nowSqlite || row.lastUsedBy !== (actorId ?? null);
}
