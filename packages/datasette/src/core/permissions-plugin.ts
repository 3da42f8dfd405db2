import { configRules, defaultRules, rootRules } from '../permissions/rules.js';
import { definePlugin } from '../plugin/define.js';

/**
 * Core permission rules as a hook: the default allows (removed by `--default-deny`), root's
 * allow-everything (with `--root`), and the `permissions` / `allow` blocks of the config.
 */
export const permissionsPlugin = definePlugin({
  name: 'datasette:permissions',
  hooks: {
    permissionRules({ datasette, actor, action }) {
      return [
        ...defaultRules(action, {
          defaultDeny: datasette.defaultDeny,
          defaultAllowSql: datasette.settings.default_allow_sql,
        }),
        ...rootRules(actor, datasette.rootEnabled),
        ...configRules(datasette.config, actor, action),
      ];
    },
  },
});
