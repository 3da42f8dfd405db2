import type { Datasette } from '../app.js';
import type { TokenRestrictions } from '../auth/tokens.js';
import { type RuleWithSource, resolveRules, restrictionsAllow } from '../permissions/rules.js';
import type { Actor, Resource } from '../types.js';
import { Forbidden } from '../web/errors.js';

/** One recorded permission check, for the debug page. */
export interface CheckRecord {
  when: string;
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
      when: new Date().toISOString(),
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
    const named = await this.#ds.pm.callAllNamed('permissionRules', {
      datasette: this.#ds,
      actor,
      action,
    });
    for (const [source, list] of named) for (const rule of list) rules.push({ ...rule, source });
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
