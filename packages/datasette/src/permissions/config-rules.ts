/**
 * Rules from the config file (Python's `default_permissions/config.py`).
 *
 * `permissions:` blocks exist at four levels: instance (`permissions`), database
 * (`databases.DB.permissions`), table (`…tables.T.permissions`) and canned query
 * (`…queries.Q.permissions`, a query being a child of its database like a table). When the block
 * has a key for the action being checked, a matching actor gets an allow rule at that level and
 * everyone else a **deny** rule; a missing (or null) key adds nothing.
 *
 * The older `allow` / `allow_sql` blocks work the same way but only for the view actions and
 * execute-sql, and an outer block is inherited as the less specific rule:
 *
 * | block                | view-instance | view-database | view-table | view-query | execute-sql |
 * |----------------------|---------------|---------------|------------|------------|-------------|
 * | `allow`              | global        | global        | global     | global     | –           |
 * | `databases.D.allow`  | –             | database      | database   | database   | –           |
 * | `….tables.T.allow`   | –             | –             | table      | –          | –           |
 * | `….queries.Q.allow`  | –             | –             | –          | table      | –           |
 * | `allow_sql`          | –             | –             | –          | –          | global      |
 * | `databases.D.allow_sql` | –          | –             | –          | –          | database    |
 *
 * So `allow: {id: admin}` at the top hides everything from non-admins, yet a database's own
 * `allow: true` (more specific) re-opens that database and its tables while the instance page
 * itself (view-instance) stays admin-only, exactly as in Python.
 *
 * Not ported: Python's "restriction gate", which adds extra table-level denies for token-restricted
 * actors when a higher `allow` block denies. It only made a restricted token see less than the
 * same actor without a token; `restrictionsAllow` already intersects the token's allowlist.
 */
import type { AllowBlock, Config, DatabaseConfig, TableConfig } from '../config/load.js';
import type { Actor, PermissionRule } from '../types.js';
import { actorMatchesAllow } from './allow-block.js';

type Where = { database?: string; table?: string };

function describe(where: Where): string {
  if (where.database === undefined) return '';
  return where.table === undefined
    ? ` on ${where.database}`
    : ` on ${where.database}/${where.table}`;
}

/** An allow or deny rule at `where` when `block` is present; nothing when it is absent or null. */
function ruleFor(
  block: AllowBlock | undefined,
  actor: Actor | null,
  where: Where,
  label: string,
): PermissionRule[] {
  if (block === undefined || block === null) return [];
  const allow = actorMatchesAllow(actor, block);
  const reason = `config ${allow ? 'allow' : 'deny'} ${label}${describe(where)}`;
  return [{ ...where, allow, reason }];
}

function permissionsRule(
  level: { permissions?: Record<string, AllowBlock> } | null | undefined,
  actor: Actor | null,
  action: string,
  where: Where,
): PermissionRule[] {
  const permissions = level?.permissions;
  if (!permissions || !Object.hasOwn(permissions, action)) return [];
  return ruleFor(permissions[action], actor, where, `permissions for ${action}`);
}

/** Child rules: `tables` (view-table) or `queries` (view-query), each with its own blocks. */
function childRules(
  db: DatabaseConfig,
  database: string,
  actor: Actor | null,
  action: string,
): PermissionRule[] {
  const rules: PermissionRule[] = [];
  const kinds = [
    ['tables', 'view-table'],
    ['queries', 'view-query'],
  ] as const;
  for (const [kind, viewAction] of kinds) {
    for (const [table, child] of Object.entries(db[kind] ?? {})) {
      // A canned query given as a bare SQL string has no permission blocks.
      if (typeof child !== 'object' || child === null) continue;
      const where = { database, table };
      const config = child as TableConfig;
      rules.push(...permissionsRule(config, actor, action, where));
      if (action === viewAction) {
        rules.push(...ruleFor(config.allow, actor, where, `allow for ${action}`));
      }
    }
  }
  return rules;
}

const VIEW_ACTIONS = new Set(['view-database', 'view-table', 'view-query']);

function databaseRules(
  db: DatabaseConfig,
  database: string,
  actor: Actor | null,
  action: string,
): PermissionRule[] {
  const where = { database };
  const rules = [
    ...permissionsRule(db, actor, action, where),
    ...childRules(db, database, actor, action),
  ];
  if (VIEW_ACTIONS.has(action)) {
    rules.push(...ruleFor(db.allow, actor, where, `allow for ${action}`));
  }
  if (action === 'execute-sql') rules.push(...ruleFor(db.allow_sql, actor, where, 'allow_sql'));
  return rules;
}

/**
 * The config file's rules for `action` and `actor`, at every level (see the module comment).
 * @example
 * configRules({ permissions: { 'manage-secrets': { id: 'admin' } } }, { id: 'root' }, 'manage-secrets');
 * // [{ allow: false, reason: 'config deny permissions for manage-secrets' }]
 */
export function configRules(config: Config, actor: Actor | null, action: string): PermissionRule[] {
  const rules = permissionsRule(config, actor, action, {});
  for (const [database, db] of Object.entries(config.databases ?? {})) {
    // Validated configs have no null databases; a raw one might, so skip rather than crash.
    if (db !== null && typeof db === 'object') {
      rules.push(...databaseRules(db, database, actor, action));
    }
  }
  if (action === 'view-instance' || VIEW_ACTIONS.has(action)) {
    rules.push(...ruleFor(config.allow, actor, {}, `allow for ${action}`));
  }
  if (action === 'execute-sql') rules.push(...ruleFor(config.allow_sql, actor, {}, 'allow_sql'));
  return rules;
}
