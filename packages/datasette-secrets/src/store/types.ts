/**
 * Types shared by secret stores. The SQL side is described structurally, so this package needs no
 * import from the host to compile: the host's `Database` class has this shape already.
 */

/**
 * The result of a writing statement (better-sqlite3's `RunResult`).
 *
 * @example
 * const { changes } = db.run('update t set v = 1');
 */
export interface SqlRunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/**
 * The subset of the host's `Database` wrapper that stores use. `prepare()` must cache statements
 * (the host's does), since the same few statements run on every secret lookup.
 *
 * @example
 * const store = new SqliteSecretStore(datasette.getInternalDatabase()); // a Database fits
 */
export interface SqlDatabase {
  prepare(sql: string): unknown;
  all<T = Record<string, unknown>>(sql: string, params?: unknown[] | Record<string, unknown>): T[];
  get<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[] | Record<string, unknown>,
  ): T | undefined;
  run(sql: string, params?: unknown[] | Record<string, unknown>): SqlRunResult;
  exec(sql: string): void;
  transaction<T>(fn: () => T): T;
}

/**
 * One row of `datasette_secrets`, with camelCase names. Timestamps are SQLite `datetime('now')`
 * text (UTC `YYYY-MM-DD HH:MM:SS`) or null.
 *
 * @example
 * const row: StoredSecret | undefined = store.latest('OPENAI_API_KEY');
 * if (row) keyring.decrypt(row.encrypted, row.encryptionKeyName);
 */
export interface StoredSecret {
  id: number;
  name: string;
  note: string | null;
  version: number;
  /** The Fernet token (`gAAAAA…`); '' when the column is NULL, which then fails to decrypt. */
  encrypted: string;
  encryptionKeyName: string;
  createdAt: string | null;
  createdBy: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
  deletedAt: string | null;
  deletedBy: string | null;
  lastUsedAt: string | null;
  lastUsedBy: string | null;
}

/**
 * A stored secret without its ciphertext: what listings need, so pages never hold a token.
 * @example const names = store.listLatest().map((s: SecretSummary) => s.name);
 */
export type SecretSummary = Omit<StoredSecret, 'encrypted'>;

/**
 * What it takes to store a new version of a secret.
 *
 * @example
 * store.insertVersion({ name: 'API_KEY', encrypted: token, keyName, note: '', actorId: 'root' });
 */
export interface NewVersion {
  name: string;
  /** A Fernet token; stored as a BLOB of its ASCII bytes, as the Python plugin does. */
  encrypted: string;
  /** The keyring name of the key that made `encrypted`. */
  keyName: string;
  note?: string | null;
  actorId: string | null;
}

/**
 * Where secrets are kept: versions, notes and last-used bookkeeping. Methods are synchronous
 * because SQLite lookups take microseconds; a store over a network database (PostgreSQL) would
 * implement {@link AsyncSecretStore} instead, and a sync store is usable wherever that is
 * expected, since awaiting a plain value is allowed.
 *
 * @example
 * const store: SecretStore = new SqliteSecretStore(db);
 * store.ensureSchema();
 */
export interface SecretStore {
  ensureSchema(): void;
  tableExists(): boolean;
  latest(name: string): StoredSecret | undefined;
  listLatest(): SecretSummary[];
  insertVersion(version: NewVersion): StoredSecret;
  updateNote(change: { id: number; note: string | null; actorId: string | null }): boolean;
  touchLastUsed(id: number, actorId: string | null, now?: string): void;
}

/**
 * The same contract with every result possibly a promise, for stores that must do I/O.
 *
 * @example
 * async function show(store: AsyncSecretStore) { return (await store.listLatest()).length; }
 */
export type AsyncSecretStore = {
  [K in keyof SecretStore]: (
    ...args: Parameters<SecretStore[K]>
  ) => ReturnType<SecretStore[K]> | Promise<ReturnType<SecretStore[K]>>;
};
