import { closestMatch } from '../util/suggest.js';
import type { Plugin } from './define.js';
import { CORE_HOOKS, type HookName, type Hooks } from './hooks.js';

/** A plugin that was loaded wrongly: names the plugin and what to fix. */
export class PluginError extends Error {
  readonly code = 'PLUGIN_ERROR';
}

type HookContext<K extends HookName> = Parameters<NonNullable<Hooks[K]>>[0];
type HookResult<K extends HookName> = Awaited<ReturnType<NonNullable<Hooks[K]>>>;

/**
 * The plugins of one host instance. Plugins are called in registration order, which the host
 * makes deterministic: built-in core plugins, then installed npm packages by package name, then
 * `--plugins-dir` files by file name, then plugins registered at run time.
 *
 * @example
 * const pm = new PluginManager();
 * pm.register(definePlugin({ name: 'p', hooks: { menuLinks: () => [] } }));
 * await pm.callAll('menuLinks', { datasette, actor: null, request: null });
 */
export class PluginManager {
  readonly #plugins: Plugin[] = [];
  readonly #specs = new Set<string>(CORE_HOOKS);
  #impls = new Map<string, Plugin[]>();

  /** Add a plugin. A second plugin of the same name is an error. */
  register(plugin: Plugin): void {
    if (!plugin || typeof plugin.name !== 'string' || !plugin.name) {
      throw new PluginError('A plugin must be an object with a non-empty "name"');
    }
    if (typeof plugin.hooks !== 'object' || plugin.hooks === null) {
      throw new PluginError(`Plugin "${plugin.name}" must have a "hooks" object`);
    }
    if (this.#plugins.some((p) => p.name === plugin.name)) {
      throw new PluginError(`Plugin "${plugin.name}" is registered twice`);
    }
    for (const spec of plugin.hookSpecs ?? []) this.#specs.add(spec);
    this.#plugins.push(plugin);
    this.#impls = new Map();
  }

  /** Remove a plugin by name (used by tests). */
  unregister(name: string): void {
    const i = this.#plugins.findIndex((p) => p.name === name);
    if (i >= 0) this.#plugins.splice(i, 1);
    this.#impls = new Map();
  }

  /** Registered plugins, in call order. */
  get plugins(): readonly Plugin[] {
    return this.#plugins;
  }

  /** Hooks that some plugin (or the host) declares. */
  get hookNames(): ReadonlySet<string> {
    return this.#specs;
  }

  /**
   * Check every plugin's hooks against the declared hook names; an unknown one (often a
   * misspelling) is an error naming the plugin and the closest known hook.
   */
  validate(): void {
    for (const plugin of this.#plugins) {
      for (const [hook, impl] of Object.entries(plugin.hooks)) {
        if (!this.#specs.has(hook)) {
          const near = closestMatch(hook, this.#specs);
          throw new PluginError(
            `Plugin "${plugin.name}" implements unknown hook "${hook}"${near ? ` (did you mean "${near}"?)` : ''}`,
          );
        }
        if (typeof impl !== 'function') {
          throw new PluginError(`Plugin "${plugin.name}": hook "${hook}" must be a function`);
        }
      }
    }
  }

  /** Plugins implementing a hook, in call order (cached until the plugin set changes). */
  implementations(hook: string): Plugin[] {
    let list = this.#impls.get(hook);
    if (!list) {
      list = this.#plugins.filter(
        (p) => typeof (p.hooks as Record<string, unknown>)[hook] === 'function',
      );
      this.#impls.set(hook, list);
    }
    return list;
  }

  // The async call styles below await a hook's result only when it is a promise or a function:
  // these run several times per request, and most implementations answer synchronously.

  /** Call every implementation; the non-null results, in order. */
  async callAll<K extends HookName>(
    hook: K,
    ctx: HookContext<K>,
  ): Promise<NonNullable<HookResult<K>>[]> {
    const out: NonNullable<HookResult<K>>[] = [];
    for (const plugin of this.implementations(hook)) {
      let value = invoke(plugin, hook, ctx);
      if (needsAwait(value)) value = await settle(value);
      if (value !== null && value !== undefined) out.push(value as NonNullable<HookResult<K>>);
    }
    return out;
  }

  /** Like {@link callAll}, each result paired with the name of the plugin that gave it. */
  async callAllNamed<K extends HookName>(
    hook: K,
    ctx: HookContext<K>,
  ): Promise<Array<[string, NonNullable<HookResult<K>>]>> {
    const out: Array<[string, NonNullable<HookResult<K>>]> = [];
    for (const plugin of this.implementations(hook)) {
      let value = invoke(plugin, hook, ctx);
      if (needsAwait(value)) value = await settle(value);
      if (value !== null && value !== undefined)
        out.push([plugin.name, value as NonNullable<HookResult<K>>]);
    }
    return out;
  }

  /** Call implementations in order until one returns a non-null result. */
  async callFirst<K extends HookName>(
    hook: K,
    ctx: HookContext<K>,
  ): Promise<HookResult<K> | undefined> {
    for (const plugin of this.implementations(hook)) {
      let value = invoke(plugin, hook, ctx);
      if (needsAwait(value)) value = await settle(value);
      if (value !== null && value !== undefined) return value as HookResult<K>;
    }
    return undefined;
  }

  /** Call every implementation for its side effects. */
  async callEach<K extends HookName>(hook: K, ctx: HookContext<K>): Promise<void> {
    for (const plugin of this.implementations(hook)) {
      const value = invoke(plugin, hook, ctx);
      if (needsAwait(value)) await settle(value);
    }
  }

  /** Call every implementation synchronously (for hooks that must not be async). */
  callAllSync<K extends HookName>(
    hook: K,
    ctx: HookContext<K>,
  ): Array<[string, NonNullable<HookResult<K>>]> {
    const out: Array<[string, NonNullable<HookResult<K>>]> = [];
    for (const plugin of this.implementations(hook)) {
      const fn = (plugin.hooks as Record<string, (c: unknown) => unknown>)[hook];
      const value = fn.call(plugin.hooks, ctx);
      if (value instanceof Promise) {
        throw new PluginError(`Plugin "${plugin.name}": hook "${hook}" must return synchronously`);
      }
      if (value !== null && value !== undefined)
        out.push([plugin.name, value as NonNullable<HookResult<K>>]);
    }
    return out;
  }
}

/** Call one implementation; its raw result (possibly a promise or a function). */
function invoke(plugin: Plugin, hook: string, ctx: unknown): unknown {
  const fn = (plugin.hooks as Record<string, (c: unknown) => unknown>)[hook];
  return fn.call(plugin.hooks, ctx);
}

function needsAwait(value: unknown): boolean {
  return value instanceof Promise || typeof value === 'function';
}

/**
 * Python Datasette's await_me_maybe: await a promise; a hook may also return a zero-argument
 * (async) function, whose result is used.
 */
async function settle(value: unknown): Promise<unknown> {
  let result = value instanceof Promise ? await value : value;
  if (typeof result === 'function') result = await (result as () => unknown)();
  return result;
}
