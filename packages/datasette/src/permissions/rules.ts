/**
 * The permission resolution engine and the core rule sources. It runs on every request, so it is
 * a single pass over an array with no allocation beyond the result.
 *
 * Resolution (Python's `utils/actions_sql.py`): the most specific matching rule wins
 * (table 2 > database 1 > global 0); at equal depth deny beats allow; no match means deny.
 */
import type { Action, Actor, PermissionRule, Resource } from '../types.js';

export { configRules } from './config-rules.js';

/**
 * A rule plus who contributed it (a plugin name or a core source), shown on debug pages.
 * @example const r: RuleWithSource = { allow: true, reason: 'root user', source: 'root' };
 */
export interface RuleWithSource extends PermissionRule {
  source: string;
}

/**
 * The outcome of {@link resolveRules}: the winning rule's verdict, reason and source, or a deny
 * with null reason and source when nothing matched.
 * @example const { allowed, reason } = resolveRules(rules, { database: 'data' });
 */
export interface Resolution {
  allowed: boolean;
  reason: string | null;
  source: string | null;
}

/**
 * How specific `rule` is for `resource`, or -1 when it does not apply. A rule naming a table
 * never applies to a check without one; a rule naming a database never applies to an
 * instance-level check. Like Python's SQL, a table with no database matches that table name in
 * any database.
 */
function depthFor(rule: PermissionRule, resource: Resource | undefined): number {
  const { database, table } = rule;
  if (database !== null && database !== undefined && database !== resource?.database) return -1;
  if (table !== null && table !== undefined) {
    return resource?.table !== undefined && table === resource.table ? 2 : -1;
  }
  return database === null || database === undefined ? 0 : 1;
}

/**
 * Picks the winning rule for `resource` (leave it out for an instance-wide check).
 * @example
 * resolveRules([
 *   { allow: true, reason: 'default', source: 'defaults' },
 *   { database: 'data', allow: false, reason: 'private', source: 'config' },
 * ], { database: 'data' }); // { allowed: false, reason: 'private', source: 'config' }
 */
export function resolveRules(rules: readonly RuleWithSource[], resource?: Resource): Resolution {
  let winner: RuleWithSource | undefined;
  let bestDepth = -1;
  for (const rule of rules) {
    const depth = depthFor(rule, resource);
    if (depth < 0 || depth < bestDepth) continue;
    // Deeper wins; at the same depth the first deny replaces an allow and is then kept.
    if (depth > bestDepth || (winner?.allow === true && !rule.allow)) {
      winner = rule;
      bestDepth = depth;
    }
  }
  if (winner === undefined) return { allowed: false, reason: null, source: null };
  return { allowed: winner.allow, reason: winner.reason, source: winner.source };
}

/**
 * Actions everyone may do unless the host runs with `--default-deny`.
 * @example DEFAULT_ALLOW_ACTIONS.has('view-table'); // true
 */
export const DEFAULT_ALLOW_ACTIONS: ReadonlySet<string> = new Set([
  'view-instance',
  'view-database',
  'view-database-download',
  'view-table',
  'view-query',
  'execute-sql',
]);

/**
 * The core defaults (`defaults.py`): a global allow for the view actions and execute-sql unless
 * `defaultDeny`, and a global deny for execute-sql when `defaultAllowSql` is false. Every other
 * action, plugin actions such as `manage-secrets` included, gets no rule and so defaults to deny.
 * @example defaultRules('view-table', { defaultDeny: false, defaultAllowSql: true });
 * // [{ allow: true, reason: 'default allow for view-table' }]
 */
export function defaultRules(
  action: string,
  opts: { defaultDeny: boolean; defaultAllowSql: boolean },
): PermissionRule[] {
  const rules: PermissionRule[] = [];
  if (!opts.defaultDeny && DEFAULT_ALLOW_ACTIONS.has(action)) {
    rules.push({ allow: true, reason: `default allow for ${action}` });
  }
  if (action === 'execute-sql' && !opts.defaultAllowSql) {
    rules.push({ allow: false, reason: 'default_allow_sql is false' });
  }
  return rules;
}

/**
 * `--root` (`root.py`): a global allow for every action when root is enabled and the actor's id
 * is `"root"`. Being global, it loses to any database or table deny and ties (and so loses) to
 * a global config deny such as `permissions: {manage-secrets: {id: admin}}`.
 * @example rootRules({ id: 'root' }, true); // [{ allow: true, reason: 'root user' }]
 */
export function rootRules(actor: Actor | null, rootEnabled: boolean): PermissionRule[] {
  return rootEnabled && actor?.id === 'root' ? [{ allow: true, reason: 'root user' }] : [];
}

/**
 * A token's `_r` allowlist: `a` lists actions allowed everywhere, `d[db]` actions allowed in a
 * database, `r[db][table]` actions allowed on one table or query. Entries are names or abbreviations.
 * @example const r: TokenRestrictions = { a: ['vi'], d: { data: ['vt'] }, r: { data: { birds: ['ir'] } } };
 */
export interface TokenRestrictions {
  a?: string[];
  d?: Record<string, string[]>;
  r?: Record<string, Record<string, string[]>>;
}

function listed(list: unknown, name: string, abbr: string | undefined): boolean {
  if (!Array.isArray(list)) return false;
  return list.includes(name) || (abbr !== undefined && list.includes(abbr));
}

/**
 * Whether a token's restrictions let `action` through for `resource` (Python's
 * `restrictions_allow_action`). Restrictions only ever narrow: this is AND-ed with the rules'
 * verdict. No `_r` at all means no restriction.
 * @example
 * restrictionsAllow({ a: ['vi'] }, viewInstance, undefined, (n) => registry.abbrOf(n)); // true
 */
export function restrictionsAllow(
  r: TokenRestrictions | undefined,
  action: Action,
  resource: Resource | undefined,
  abbrOf: (name: string) => string | undefined,
): boolean {
  if (r === undefined || r === null) return true;
  const abbr = action.abbr ?? abbrOf(action.name);
  if (listed(r.a, action.name, abbr)) return true;
  if (resource === undefined) return false;
  const d = r.d;
  if (d && Object.hasOwn(d, resource.database) && listed(d[resource.database], action.name, abbr)) {
    return true;
  }
  if (resource.table === undefined || !r.r || !Object.hasOwn(r.r, resource.database)) return false;
  const tables = r.r[resource.database];
  return (
    !!tables &&
    Object.hasOwn(tables, resource.table) &&
    listed(tables[resource.table], action.name, abbr)
  );
}
