import type { Datasette } from '../app.js';
import type { TokenRestrictions } from '../auth/tokens.js';
import { type RuleWithSource, resolveRules, restrictionsAllow } from '../permissions/rules.js';
import type { Plugin } from '../plugin/define.js';
import type { Action, Actor, PermissionRule, Resource } from '../types.js';
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

  /** Whether `actor` may do `action` (on `resource`); an unknown action rejects. */
  allowed(action: string, actor: Actor | null, resource?: Resource): Promise<boolean> {
    // Promises only where a hook returns one: this runs several times on every page.
    try {
      const verdict = this.#check(action, actor, resource);
      if (verdict instanceof Promise)
        return verdict.then((v) => this.#record(action, actor, resource, v));
      return Promise.resolve(this.#record(action, actor, resource, verdict));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Like {@link allowed}, but rejects with `Forbidden` when not allowed. */
  ensure(action: string, actor: Actor | null, resource?: Resource): Promise<void> {
    return this.allowed(action, actor, resource).then((ok) => {
      if (!ok) throw new Forbidden('Permission denied');
    });
  }

  #record(action: string, actor: Actor | null, resource: Resource | undefined, v: Verdict) {
    this.log.push({
      at: Date.now(),
      action,
      actorId: actor?.id ?? null,
      resource: resource ?? null,
      allowed: v.allowed,
      reason: v.reason,
    });
    if (this.log.length > 200) this.log.shift();
    return v.allowed;
  }

  #check(action: string, actor: Actor | null, resource?: Resource): Verdict | Promise<Verdict> {
    const def = this.#ds.actions.get(action);
    if (!def)
      throw new Error(
        `Unknown permission action "${action}": register it with the registerActions hook`,
      );
    const rules: RuleWithSource[] = [];
    const ctx = { datasette: this.#ds, actor, action };
    const impls = this.#ds.pm.implementations('permissionRules');
    for (let i = 0; i < impls.length; i++) {
      const list = callRules(impls[i], ctx);
      if (list instanceof Promise || typeof list === 'function')
        return this.#checkAsync(def, actor, resource, ctx, rules, i, list);
      addRules(rules, list, impls[i].name);
    }
    return this.#decide(def, actor, resource, rules);
  }

  /** The rest of {@link #check} once some hook has returned a promise (or a function). */
  async #checkAsync(
    def: Action,
    actor: Actor | null,
    resource: Resource | undefined,
    ctx: RulesContext,
    rules: RuleWithSource[],
    from: number,
    pending: unknown,
  ): Promise<Verdict> {
    const impls = this.#ds.pm.implementations('permissionRules');
    let list = pending;
    for (let i = from; i < impls.length; i++) {
      if (i > from) list = callRules(impls[i], ctx);
      if (list instanceof Promise) list = await list;
      if (typeof list === 'function') list = await (list as () => unknown)();
      addRules(rules, list, impls[i].name);
    }
    return this.#decide(def, actor, resource, rules);
  }

  /** The winning rule, then token restrictions, then `alsoRequires`. */
  #decide(
    def: Action,
    actor: Actor | null,
    resource: Resource | undefined,
    rules: RuleWithSource[],
  ): Verdict | Promise<Verdict> {
    const result = resolveRules(rules, resource);
    if (!result.allowed) return result;
    const restrictions = actor?._r as TokenRestrictions | undefined;
    if (
      restrictions &&
      !restrictionsAllow(restrictions, def, resource, (n) => this.#ds.actions.get(n)?.abbr)
    ) {
      return { allowed: false, reason: 'token restrictions' };
    }
    if (def.alsoRequires) return this.#check(def.alsoRequires, actor, resource);
    return result;
  }
}

type Verdict = { allowed: boolean; reason: string | null };
type RulesContext = { datasette: Datasette; actor: Actor | null; action: string };

function callRules(plugin: Plugin, ctx: RulesContext): unknown {
  return plugin.hooks.permissionRules?.call(plugin.hooks, ctx);
}

function addRules(rules: RuleWithSource[], list: unknown, source: string): void {
  if (!Array.isArray(list)) return;
  for (const rule of list as PermissionRule[]) {
    // One object shape for every rule keeps resolveRules' property reads monomorphic.
    const { database = null, table = null, allow, reason } = rule;
    rules.push({ database, table, allow, reason, source });
  }
}
