import { browsePlugin } from '../browse/index.js';
import type { Plugin } from '../plugin/define.js';
import { authPlugin } from './auth-plugin.js';
import { authRoutesPlugin } from './auth-routes.js';
import { infoRoutesPlugin } from './info-routes.js';
import { permissionsPlugin } from './permissions-plugin.js';

/**
 * The host's built-in plugins. Core features that can be hooks are hooks, so the hook
 * machinery is exercised on every request. Their names start with `datasette:`; they are called
 * before other plugins and are hidden from `datasette plugins` unless `--all` is given.
 */
export function corePlugins(): Plugin[] {
  // browse last: its catch-all `/:db/…` routes must come after every other core route.
  return [authPlugin, permissionsPlugin, authRoutesPlugin, infoRoutesPlugin, browsePlugin];
}
