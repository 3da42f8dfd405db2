/**
 * The registry of declared secrets: what every plugin's `registerSecrets` hook returns, checked
 * and de-duplicated. Computed once per set of plugins (the Python plugin re-ran every hook on
 * every `get_secret` call) and recomputed when a plugin is registered or removed.
 */
import type { Datasette, Plugin } from 'datasette';
import { PLUGIN_NAME } from './config.js';
import { SecretsStartupError } from './errors.js';
import type { Secret } from './hooks.js';
import { isHttpUrl, sanitizeDescriptions } from './sanitize.js';
import {
  type RegisteredSecret,
  type RegistryCache,
  type SecretsState,
  secretsState,
  warnOnce,
} from './state.js';

/**
 * What a secret name must look like: usable in `DATASETTE_SECRETS_<NAME>` in any shell.
 *
 * @example SECRET_NAME_PATTERN.test('OPENAI_API_KEY'); // true
 */
export const SECRET_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The prefix of the environment variables that set secrets.
 *
 * @example `${ENV_PREFIX}OPENAI_API_KEY`
 */
export const ENV_PREFIX = 'DATASETTE_SECRETS_';

/**
 * Registered only when no plugin registers any secret, so a fresh install has something to try
 * the pages with. (The Python plugin registered it always, even in production.)
 *
 * @example registeredSecrets(datasette); // [EXAMPLE_SECRET, …] when nothing else registers
 */
export const EXAMPLE_SECRET: Readonly<Secret> = Object.freeze({
  name: 'EXAMPLE_SECRET',
  description: 'An example secret',
});

/**
 * Names no plugin may register. `ENCRYPTION_KEY` would read `DATASETTE_SECRETS_ENCRYPTION_KEY`,
 * the variable the README suggests for the plugin's own key, and so hand the key to a plugin.
 */
const RESERVED_NAMES = new Set(['ENCRYPTION_KEY']);

/**
 * Every registered secret, in plugin call order (first registration of a name wins; a later one
 * logs a warning naming both plugins). Throws {@link SecretsStartupError} naming the plugin for
 * an invalid or reserved name, or a hook result that is not a list of secrets.
 *
 * @example
 * (await registeredSecrets(datasette)).map((s) => s.name); // ['OPENAI_API_KEY']
 */
export async function registeredSecrets(
  datasette: Datasette,
): Promise<readonly RegisteredSecret[]> {
  return (await registry(datasette)).list;
}

/**
 * The registry for a host: cached, and recomputed when the host's plugin list has changed.
 *
 * @example
 * const { byName } = await registry(datasette);
 */
export function registry(
  datasette: Datasette,
  state: SecretsState = secretsState(datasette),
): RegistryCache | Promise<RegistryCache> {
  const plugins = datasette.pm.plugins;
  const cached = state.registry;
  if (cached && samePlugins(cached.plugins, plugins)) return cached;
  const pending = state.pendingRegistry;
  if (pending && samePlugins(pending.plugins, plugins)) return pending.promise;
  const snapshot = [...plugins];
  const promise = build(datasette, state, snapshot).then(
    (result) => {
      state.registry = result;
      state.pendingRegistry = undefined;
      return result;
    },
    (error: unknown) => {
      state.pendingRegistry = undefined;
      throw error;
    },
  );
  state.pendingRegistry = { plugins: snapshot, promise };
  return promise;
}

/** Identity comparison: a handful of plugins, checked in nanoseconds on every lookup. */
function samePlugins(a: readonly Plugin[], b: readonly Plugin[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function build(
  datasette: Datasette,
  state: SecretsState,
  plugins: readonly Plugin[],
): Promise<RegistryCache> {
  const results = await datasette.pm.callAllNamed('registerSecrets', { datasette });
  const byName = new Map<string, Omit<RegisteredSecret, 'descriptionHtml'>>();
  let declared = 0;
  for (const [plugin, secrets] of results) {
    if (!Array.isArray(secrets)) {
      throw new SecretsStartupError(
        'REGISTRATION_BAD_RESULT',
        `${PLUGIN_NAME}: plugin "${plugin}": registerSecrets must return a list of secrets`,
      );
    }
    for (const item of secrets) {
      declared++;
      const secret = normalise(item, plugin, state);
      const first = byName.get(secret.name);
      if (first) {
        warnOnce(
          state,
          `secret ${secret.name} is registered by both plugin "${first.plugin}" and plugin "${plugin}"; the first registration, from "${first.plugin}", is used`,
        );
      } else byName.set(secret.name, secret);
    }
  }
  if (declared === 0)
    byName.set(EXAMPLE_SECRET.name, normalise(EXAMPLE_SECRET, PLUGIN_NAME, state));
  const drafts = [...byName.values()];
  const html = await sanitizeDescriptions(drafts.map((s) => s.description));
  const list = drafts.map((s, i) => Object.freeze({ ...s, descriptionHtml: html[i] }));
  return { plugins, list, byName: new Map(list.map((s) => [s.name, s])) };
}

/** Check one declaration and derive what the pages and `getSecret` need from it. */
function normalise(
  item: unknown,
  plugin: string,
  state: SecretsState,
): Omit<RegisteredSecret, 'descriptionHtml'> {
  const secret = item as Partial<Record<keyof Secret, unknown>> | null;
  const bad = (what: string) =>
    new SecretsStartupError(
      'REGISTRATION_BAD_RESULT',
      `${PLUGIN_NAME}: plugin "${plugin}" registered a secret whose ${what}`,
    );
  if (typeof secret !== 'object' || secret === null) throw bad('declaration is not an object');
  const { name, description, obtainUrl, obtainLabel } = secret;
  if (typeof name !== 'string') throw bad('name is not a string');
  checkName(name, plugin);
  for (const [field, value] of Object.entries({ description, obtainUrl, obtainLabel })) {
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw bad(`${field} is not a string (secret ${name})`);
    }
  }
  let url = typeof obtainUrl === 'string' && obtainUrl !== '' ? obtainUrl : undefined;
  if (url !== undefined && !isHttpUrl(url)) {
    warnOnce(
      state,
      `secret ${name} from plugin "${plugin}": obtainUrl is not an http(s) URL and is not linked`,
    );
    url = undefined;
  }
  return {
    name,
    description: (description as string | null | undefined) ?? undefined,
    obtainUrl: url,
    obtainLabel: (obtainLabel as string | null | undefined) || undefined,
    plugin,
    envVar: ENV_PREFIX + name,
  };
}

function checkName(name: string, plugin: string): void {
  if (!SECRET_NAME_PATTERN.test(name)) {
    const shown = JSON.stringify(name.length > 80 ? `${name.slice(0, 80)}…` : name);
    throw new SecretsStartupError(
      'REGISTRATION_INVALID_NAME',
      `${PLUGIN_NAME}: plugin "${plugin}" registered the secret name ${shown}, which is not valid: names may contain only letters, digits and underscores, and may not start with a digit (they become ${ENV_PREFIX}<NAME> environment variables)`,
    );
  }
  if (RESERVED_NAMES.has(name)) {
    throw new SecretsStartupError(
      'REGISTRATION_RESERVED_NAME',
      `${PLUGIN_NAME}: plugin "${plugin}" registered the secret name ${name}, which is reserved: ${ENV_PREFIX}${name} is where the plugin's own encryption key is usually kept`,
    );
  }
}
