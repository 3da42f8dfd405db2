import type { HookName, Hooks } from './hooks.js';

/**
 * A plugin: a name and the hooks it implements. `hookSpecs` names hooks this plugin adds for
 * OTHER plugins to implement (declared for TypeScript by module augmentation of `Hooks`).
 */
export interface Plugin {
  name: string;
  hooks: Hooks;
  hookSpecs?: readonly HookName[];
  /** Package version, shown by `datasette plugins`. */
  version?: string;
}

/**
 * Define a plugin with compile-time checking of hook names and context types.
 *
 * @example
 * export default definePlugin({
 *   name: 'hello',
 *   hooks: { menuLinks: () => [{ href: '/-/hello', label: 'Hello' }] },
 * });
 */
export function definePlugin<const P extends Plugin>(plugin: P): P {
  return plugin;
}
