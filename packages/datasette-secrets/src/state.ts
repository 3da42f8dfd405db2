/**
 * Per-host state, kept in a WeakMap keyed by the Datasette instance: nothing lives in module
 * globals, so tests can build many hosts side by side and a closed host's state is collected.
 *
 * Built once per host (at startup, or on the first `getSecret` call for a host that was never
 * started) so the hot path never re-reads config or re-parses keys.
 */
import type { Datasette, Plugin } from 'datasette';
import { readSecretsConfig, type SecretsConfig } from './config.js';
import { type AsyncSecretStore, SqliteSecretStore } from './store/index.js';

/**
 * A registered secret as the plugin keeps it: the declaration, who registered it, and values
 * derived once so pages and `getSecret` need not recompute them.
 *
 * @example
 * { name: 'OPENAI_API_KEY', plugin: 'datasette-openai', envVar: 'DATASETTE_SECRETS_OPENAI_API_KEY',
 *   descriptionHtml: 'An OpenAI key', obtainUrl: undefined, obtainLabel: undefined }
 */
export interface RegisteredSecret {
  readonly name: string;
  readonly description?: string;
  readonly obtainUrl?: string;
  readonly obtainLabel?: string;
  /** The plugin whose registration won. */
  readonly plugin: string;
  /** `DATASETTE_SECRETS_<name>`. */
  readonly envVar: string;
  /** The description as sanitised HTML ('' when there is none). */
  readonly descriptionHtml: string;
}

/**
 * The registry as computed for one set of plugins.
 *
 * @example (await registry(datasette)).byName.get('OPENAI_API_KEY')?.plugin;
 */
export interface RegistryCache {
  /** The plugins it was computed for (a copy), to notice plugins registered later. */
  readonly plugins: readonly Plugin[];
  readonly list: readonly RegisteredSecret[];
  readonly byName: ReadonlyMap<string, RegisteredSecret>;
}

/**
 * Everything the plugin remembers about one host.
 *
 * @example
 * const state = secretsState(datasette);
 * if (state.config) await state.store?.latest('OPENAI_API_KEY');
 */
export interface SecretsState {
  /** Null when the plugin is not configured (no encryption key). */
  readonly config: SecretsConfig | null;
  /**
   * Where secrets are kept. Typed as the async contract so a network store (PostgreSQL) can
   * replace SQLite without touching callers; the SQLite store answers synchronously.
   */
  readonly store: AsyncSecretStore | null;
  registry?: RegistryCache;
  pendingRegistry?: { plugins: readonly Plugin[]; promise: Promise<RegistryCache> };
  /** Warning keys already printed, so each is printed once per host. */
  readonly warned: Set<string>;
}

const states = new WeakMap<Datasette, SecretsState>();

/**
 * The state for a host, built on first use. Throws the config's `SecretsStartupError` when the
 * config is invalid (and builds nothing, so the next call reports it again).
 *
 * @example
 * const { config } = secretsState(datasette);
 */
export function secretsState(datasette: Datasette): SecretsState {
  let state = states.get(datasette);
  if (state === undefined) {
    state = buildState(datasette);
    states.set(datasette, state);
  }
  return state;
}

function buildState(datasette: Datasette): SecretsState {
  const { config, warnings } = readSecretsConfig(datasette);
  const state: SecretsState = {
    config,
    store: config ? new SqliteSecretStore(config.database) : null,
    warned: new Set(),
  };
  for (const warning of warnings) warnOnce(state, warning);
  if (config?.inMemory) warnOnce(state, IN_MEMORY_WARNING);
  return state;
}

/**
 * Printed on stderr once, at startup, when secrets live in the in-memory internal database (the
 * pages show their own wording of it).
 *
 * @example console.warn(`datasette-secrets: warning: ${IN_MEMORY_WARNING}`);
 */
export const IN_MEMORY_WARNING =
  'secrets are stored in the in-memory internal database and will be lost when Datasette restarts; start it with --internal internal.db to keep them';

/**
 * Print a warning to stderr once per host. Warnings never contain secret values or keys.
 *
 * @example warnOnce(state, 'plugin "b" also registered OPENAI_API_KEY');
 */
export function warnOnce(state: SecretsState, message: string): void {
  if (state.warned.has(message)) return;
  state.warned.add(message);
  console.warn(`datasette-secrets: warning: ${message}`);
}
