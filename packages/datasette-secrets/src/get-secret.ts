/**
 * `getSecret()`: the one call other plugins make, often once per request, so it is a hot path.
 * Config, keys and the registry are cached per host; a lookup is one indexed SELECT, a decrypt
 * only when the stored token is new to the keyring, and a write only when `last_used_*` would
 * change.
 */
import type { Datasette } from 'datasette';
import { InvalidToken, UnknownKeyName } from './crypto/index.js';
import { SecretDecryptionError } from './errors.js';
import { registry } from './registry.js';
import { type SecretsState, secretsState, warnOnce } from './state.js';
import { needsTouch, type StoredSecret, sqliteNow } from './store/index.js';

/**
 * The current value of a registered secret, or `undefined`.
 *
 * 1. A name no plugin registered gives `undefined`, even if its environment variable is set.
 * 2. A non-empty `DATASETTE_SECRETS_<NAME>` environment variable wins, returned verbatim; the
 *    database is not touched.
 * 3. Otherwise the latest stored version, decrypted; `undefined` when the plugin is not
 *    configured, the table is missing or nothing is stored. `last_used_at` / `last_used_by`
 *    record the use (`actorId`, or NULL without one).
 *
 * Throws {@link SecretDecryptionError} when the configured key cannot decrypt the stored value.
 * (Python: `await get_secret(datasette, name, actor_id=None)`.)
 *
 * @example
 * import { getSecret } from 'datasette-secrets';
 * const key = await getSecret(datasette, 'OPENAI_API_KEY', request.actor?.id);
 * if (key === undefined) throw new Error('Set OPENAI_API_KEY at /-/secrets');
 */
export async function getSecret(
  datasette: Datasette,
  name: string,
  actorId?: string | number | null,
): Promise<string | undefined> {
  const state = secretsState(datasette);
  let reg = registry(datasette, state);
  if (reg instanceof Promise) reg = await reg;
  const secret = reg.byName.get(name);
  if (secret === undefined) return undefined;
  const fromEnv = datasette.env[secret.envVar];
  if (fromEnv) return fromEnv;
  if (state.store === null) return undefined;
  const row = await latestOrNothing(state, name);
  if (row === undefined) return undefined;
  const plaintext = decryptRow(state, row);
  recordUse(state, row, actorId);
  return plaintext;
}

/** The latest row; a missing table (dropped, or never created) means nothing is stored. */
async function latestOrNothing(
  state: SecretsState,
  name: string,
): Promise<StoredSecret | undefined> {
  try {
    return await state.store?.latest(name);
  } catch (error) {
    if (/no such table/i.test((error as Error)?.message ?? '')) return undefined;
    throw error;
  }
}

/**
 * Decrypt with the key the row names. (The keyring remembers tokens it has opened, so an
 * unchanged secret costs no HMAC or AES work on repeated reads.)
 */
function decryptRow(state: SecretsState, row: StoredSecret): string {
  const keyring = state.config?.keyring;
  if (!keyring)
    throw new SecretDecryptionError(row.name, 'unknown-key-name', row.encryptionKeyName);
  try {
    return keyring.decrypt(row.encrypted, row.encryptionKeyName);
  } catch (error) {
    if (error instanceof InvalidToken) {
      throw new SecretDecryptionError(row.name, 'key-mismatch', row.encryptionKeyName);
    }
    if (error instanceof UnknownKeyName) {
      throw new SecretDecryptionError(row.name, 'unknown-key-name', row.encryptionKeyName);
    }
    throw error;
  }
}

/**
 * Write `last_used_at` / `last_used_by` as the Python plugin does, skipping the write when the
 * row already says this second and this actor. The bookkeeping must not cost the caller its
 * secret: a failed write (a locked or read-only file) is reported once and otherwise ignored.
 */
function recordUse(
  state: SecretsState,
  row: StoredSecret,
  actorId: string | number | null | undefined,
): void {
  // Python stores NULL for any falsy actor id ('' included).
  const actor =
    actorId === undefined || actorId === null || actorId === '' ? null : String(actorId);
  const now = sqliteNow();
  if (!needsTouch(row, actor, now)) return;
  try {
    const done = state.store?.touchLastUsed(row.id, actor, now);
    if (done instanceof Promise) done.catch((e: unknown) => touchFailed(state, e));
  } catch (error) {
    touchFailed(state, error);
  }
}

function touchFailed(state: SecretsState, error: unknown): void {
  const code = (error as { code?: string })?.code ?? (error as Error)?.name ?? 'error';
  warnOnce(state, `could not record when a secret was last used (${code})`);
}
