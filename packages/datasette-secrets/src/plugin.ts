/**
 * The plugin object: the `manage-secrets` action, startup checks, the menu link, the two pages
 * and the `secrets` CLI group, plus the `registerSecrets` hook it offers other plugins.
 */
import { definePlugin } from 'datasette';
import { registerSecretsCommands } from './cli.js';
import { PLUGIN_NAME } from './config.js';
import './hooks.js';
import { MANAGE_SECRETS, secretsUrl } from './pages/common.js';
import { secretsRoutes } from './pages/routes.js';
import { registry } from './registry.js';
import { secretsState } from './state.js';

/**
 * The datasette-secrets plugin. Pass it to `new Datasette({ plugins: [secretsPlugin] })`, or
 * install the package and let the host discover it.
 *
 * @example
 * import secretsPlugin from 'datasette-secrets';
 * const ds = new Datasette({ plugins: [secretsPlugin], config });
 * await ds.invokeStartup();
 */
export const secretsPlugin = definePlugin({
  name: PLUGIN_NAME,
  hookSpecs: ['registerSecrets'],
  hooks: {
    registerActions: () => [{ name: MANAGE_SECRETS, description: 'Manage Datasette secrets' }],

    /**
     * Fail fast: a bad key, database or secret name stops the server here rather than on the
     * first save. Creates the table (and its index) when configured.
     */
    async startup({ datasette }) {
      const state = secretsState(datasette); // validates config; warns about in-memory storage
      await registry(datasette, state); // validates every plugin's secret names
      await state.store?.ensureSchema();
    },

    /** "Manage secrets", for actors who may, once the plugin is configured. */
    async menuLinks({ datasette, actor }) {
      if (!secretsState(datasette).config) return null;
      if (!(await datasette.allowed({ action: MANAGE_SECRETS, actor }))) return null;
      return [{ href: secretsUrl(datasette), label: 'Manage secrets' }];
    },

    registerRoutes: () => secretsRoutes(),

    registerCommands: (ctx) => registerSecretsCommands(ctx),
  },
});
