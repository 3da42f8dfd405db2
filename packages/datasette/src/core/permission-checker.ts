import type { Datasette } from '../app.js';
import type { TokenRestrictions } from '../auth/tokens.js';
import { type RuleWithSource, resolveRules, restrictionsAllow } from '../permissions/rules.js';
import type { Actor, PermissionRule, Resource } from '../types.js';
import { Forbidden } from '../web/errors.js';

/** One recorded permission check, for the debug page. */
export interface CheckRecord {
  /** When the check ran, in ms since the epoch (formatted only when shown). */
  at: number;
  action: string;
  actorId: string | number | null;
  resource: Resource | null;
  allowed: boolean;
  reason: string | null;
}

/**
 * Answers `datasette.allowed()`: gathers rules from every `permissionRules` hook (core's
 * defaults, root and config rules are themselves a hook), picks the most specific, then applies
 * token restrictions and `alsoRequires`.
 */
export class PermissionChecker {
  readonly #ds: Datasette;
  /** The last 200 checks, newest last. */
  readonly log: CheckRecord[] = [];

  constructor(datasette: Datasette) {
    this.#ds = datasette;
  }

  async allowed(action: string, actor: Actor | null, resource?: Resource): Promise<boolean> {
    const result = await this.#check(action, actor, resource);
    this.log.push({
      at: Date.now(),
      action,
      actorId: actor?.id ?? null,
      resource: resource ?? null,
      allowed: result.allowed,
      reason: result.reason,
    });
    if (this.log.length > 200) this.log.shift();
    return result.allowed;
  }

  async ensure(action: string, actor: Actor | null, resource?: Resource): Promise<void> {
    if (!(await this.allowed(action, actor, resource))) throw new Forbidden('Permission denied');
  }

  async #check(
    action: string,
    actor: Actor | null,
    resource?: Resource,
  ): Promise<{ allowed: boolean; reason: string | null }> {
    const def = this.#ds.actions.get(action);
    if (!def)
      throw new Error(
        `Unknown permission action "${action}": register it with the registerActions hook`,
      );
    const rules: RuleWithSource[] = [];
    const ctx = { datasette: this.#ds, actor, action };
    // Called directly rather than through pm.callAllNamed: this runs several times per page,
    // and most implementations (core's included) answer synchronously, so a promise is only
    // awaited when a hook returns one.
    for (const plugin of this.#ds.pm.implementations('permissionRules')) {
      let list: unknown = plugin.hooks.permissionRules?.call(plugin.hooks, ctx);
      if (list instanceof Promise) list = await list;
      if (typeof list === 'function') list = await (list as () => unknown)();
      if (!Array.isArray(list)) continue;
      for (const rule of list as PermissionRule[]) {
        // One object shape for every rule keeps resolveRules' property reads monomorphic.
        const { database = null, table = null, allow, reason } = rule;
        rules.push({ database, table, allow, reason, source: plugin.name });
      }
    }
    const result = resolveRules(rules, resource);
    if (!result.allowed) return result;
    const restrictions = actor?._r as TokenRestrictions | undefined;
    if (
      restrictions &&
      !restrictionsAllow(restrictions, def, resource, (n) => this.#ds.actions.get(n)?.abbr)
    ) {
      return { allowed: false, reason: 'token restrictions' };
    }
    if (def.alsoRequires) {
      return this.#check(def.alsoRequires, actor, resource);
    }
    return result;
  }
}
