import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Config, validateConfig } from '../config/load.js';
import { deepMerge, settingPairsToConfig } from '../config/pairs.js';
import type { Actor, PermissionRule, Resource } from '../types.js';
import { configRules, defaultRules, type Resolution, resolveRules, rootRules } from './rules.js';

interface Options {
  root?: boolean;
  defaultDeny?: boolean;
  defaultAllowSql?: boolean;
}

/** What the host does for one check: every core rule source, then resolution. */
function check(
  config: Config,
  actor: Actor | null,
  action: string,
  resource?: Resource,
  opts: Options = {},
): Resolution {
  const tag = (source: string, rules: PermissionRule[]) => rules.map((r) => ({ ...r, source }));
  const rules = [
    ...tag(
      'defaults',
      defaultRules(action, {
        defaultDeny: opts.defaultDeny ?? false,
        defaultAllowSql: opts.defaultAllowSql ?? true,
      }),
    ),
    ...tag('root', rootRules(actor, opts.root ?? false)),
    ...tag('config', configRules(config, actor, action)),
  ];
  return resolveRules(rules, resource);
}
const allowed = (...args: Parameters<typeof check>) => check(...args).allowed;

const root = { id: 'root' };
const admin = { id: 'admin' };
const bob = { id: 'bob' };
const data = { database: 'data' };
const birds = { database: 'data', table: 'birds' };

describe('configRules: permissions blocks', () => {
  it('adds nothing when the block has no key for the action (or a null one)', () => {
    assert.deepEqual(
      configRules({ permissions: { 'view-table': { id: 'x' } } }, bob, 'insert-row'),
      [],
    );
    assert.deepEqual(configRules({ permissions: { 'insert-row': null } }, bob, 'insert-row'), []);
    assert.deepEqual(configRules({}, bob, 'view-instance'), []);
  });

  it('gives an allow row to a match and a deny row to everyone else, with reasons', () => {
    const config: Config = { permissions: { 'manage-secrets': { id: 'admin' } } };
    assert.deepEqual(configRules(config, admin, 'manage-secrets'), [
      { allow: true, reason: 'config allow permissions for manage-secrets' },
    ]);
    assert.deepEqual(configRules(config, bob, 'manage-secrets'), [
      { allow: false, reason: 'config deny permissions for manage-secrets' },
    ]);
  });

  it('places database, table and query rows at their level', () => {
    const config: Config = {
      databases: {
        data: {
          permissions: { 'insert-row': { id: 'bob' } },
          tables: { birds: { permissions: { 'insert-row': false } } },
          queries: {
            q: { sql: 'select 1', permissions: { 'insert-row': true } },
            plain: 'select 2',
          },
        },
      },
    };
    assert.deepEqual(configRules(config, bob, 'insert-row'), [
      { database: 'data', allow: true, reason: 'config allow permissions for insert-row on data' },
      {
        database: 'data',
        table: 'birds',
        allow: false,
        reason: 'config deny permissions for insert-row on data/birds',
      },
      {
        database: 'data',
        table: 'q',
        allow: true,
        reason: 'config allow permissions for insert-row on data/q',
      },
    ]);
  });

  it('tolerates null entries in an unvalidated config', () => {
    const raw = { databases: { data: null, other: { tables: { t: null } } } } as unknown as Config;
    assert.deepEqual(configRules(raw, bob, 'view-table'), []);
  });
});

describe('permission matrix', () => {
  it('with no config: views allowed, plugin actions denied, --root allowed everything', () => {
    assert.equal(allowed({}, null, 'view-instance'), true);
    assert.equal(allowed({}, null, 'view-table', birds), true);
    assert.equal(allowed({}, bob, 'manage-secrets'), false);
    assert.equal(allowed({}, root, 'manage-secrets'), false, 'root needs --root');
    assert.deepEqual(check({}, root, 'manage-secrets', undefined, { root: true }), {
      allowed: true,
      reason: 'root user',
      source: 'root',
    });
    assert.equal(allowed({}, root, 'drop-table', birds, { root: true }), true);
  });

  it('locks root out when permissions: {manage-secrets: {id: admin}}', () => {
    const config = validateConfig({ permissions: { 'manage-secrets': { id: 'admin' } } }, 'c');
    assert.deepEqual(check(config, root, 'manage-secrets', undefined, { root: true }), {
      allowed: false,
      reason: 'config deny permissions for manage-secrets',
      source: 'config',
    });
    assert.equal(allowed(config, admin, 'manage-secrets'), true);
    assert.equal(allowed(config, null, 'manage-secrets'), false);
    // Other actions are untouched: root still has them.
    assert.equal(allowed(config, root, 'permissions-debug', undefined, { root: true }), true);
  });

  it('-s permissions.manage-secrets.id root grants exactly root, even without --root', () => {
    const pairs = settingPairsToConfig([['permissions.manage-secrets.id', 'root']]);
    assert.deepEqual(pairs, { permissions: { 'manage-secrets': { id: 'root' } } });
    const file = { permissions: { 'manage-secrets': { id: 'admin' } } };
    const config = validateConfig(deepMerge(file, pairs), '-s');
    assert.equal(allowed(config, root, 'manage-secrets'), true);
    assert.equal(
      allowed(config, admin, 'manage-secrets'),
      false,
      'the CLI value replaced the file value',
    );
    assert.equal(allowed(config, null, 'manage-secrets'), false);
  });

  it('lets the most specific level win', () => {
    const config: Config = {
      permissions: { 'view-table': { id: 'admin' } },
      databases: {
        data: {
          permissions: { 'view-table': { id: ['admin', 'bob'] } },
          tables: { birds: { permissions: { 'view-table': false } } },
        },
      },
    };
    assert.equal(
      allowed(config, bob, 'view-table', { database: 'data', table: 'fish' }),
      true,
      'db allow beats global deny',
    );
    assert.equal(allowed(config, bob, 'view-table', birds), false, 'table deny beats db allow');
    assert.equal(allowed(config, admin, 'view-table', birds), false, 'table false is for everyone');
    assert.equal(
      allowed(config, bob, 'view-table', { database: 'other', table: 'x' }),
      false,
      'global deny',
    );
    assert.equal(allowed(config, admin, 'view-table', { database: 'other', table: 'x' }), true);
  });

  it('lets a config deny beat the default allow at the same (global) level', () => {
    const config: Config = { permissions: { 'view-instance': { id: 'admin' } } };
    assert.equal(allowed(config, bob, 'view-instance'), false);
    assert.equal(allowed(config, admin, 'view-instance'), true);
  });

  it('matches unauthenticated: true for anonymous actors only', () => {
    const config: Config = { permissions: { 'view-instance': { unauthenticated: true } } };
    assert.equal(allowed(config, null, 'view-instance'), true);
    assert.equal(
      allowed(config, bob, 'view-instance'),
      false,
      'a signed-in actor gets the deny row',
    );
  });

  it('matches "*" for any signed-in actor with that key', () => {
    const config: Config = { permissions: { 'manage-secrets': { id: '*' } } };
    assert.equal(allowed(config, bob, 'manage-secrets'), true);
    assert.equal(allowed(config, { name: 'no id' }, 'manage-secrets'), false);
    assert.equal(allowed(config, null, 'manage-secrets'), false);
  });

  it('matches lists on either side', () => {
    const config: Config = {
      permissions: { 'manage-secrets': { id: ['admin', 'ops'], team: 'sec' } },
    };
    assert.equal(allowed(config, { id: 'ops' }, 'manage-secrets'), true);
    assert.equal(allowed(config, { id: 'x', team: ['eng', 'sec'] }, 'manage-secrets'), true);
    assert.equal(allowed(config, { id: 'x', team: ['eng'] }, 'manage-secrets'), false);
  });

  it('reads 1 and 0 as true and false, 0 locking out even root', () => {
    assert.equal(allowed({ permissions: { 'manage-secrets': 1 } }, null, 'manage-secrets'), true);
    assert.equal(
      allowed({ permissions: { 'manage-secrets': 0 } }, root, 'manage-secrets', undefined, {
        root: true,
      }),
      false,
    );
    assert.equal(allowed({ permissions: { 'manage-secrets': true } }, bob, 'manage-secrets'), true);
  });

  it('with --default-deny only config rules open things up', () => {
    const config: Config = {
      databases: { data: { permissions: { 'view-database': { id: 'bob' } } } },
    };
    assert.equal(allowed(config, bob, 'view-database', data, { defaultDeny: true }), true);
    assert.equal(
      allowed(config, bob, 'view-database', { database: 'x' }, { defaultDeny: true }),
      false,
    );
    assert.equal(allowed(config, bob, 'view-instance', undefined, { defaultDeny: true }), false);
  });
});

describe('allow and allow_sql blocks', () => {
  it('a top-level allow governs view-instance, view-database, view-table and view-query', () => {
    const config: Config = { allow: { id: 'admin' } };
    for (const [action, resource] of [
      ['view-instance', undefined],
      ['view-database', data],
      ['view-table', birds],
      ['view-query', { database: 'data', table: 'q' }],
    ] as const) {
      assert.equal(allowed(config, bob, action, resource), false, action);
      assert.equal(allowed(config, admin, action, resource), true, action);
    }
    assert.equal(
      allowed(config, bob, 'execute-sql', data),
      true,
      'allow does not touch execute-sql',
    );
    assert.deepEqual(configRules(config, bob, 'view-database'), [
      { allow: false, reason: 'config deny allow for view-database' },
    ]);
  });

  it('a database allow re-opens that database and its tables, but not the instance page', () => {
    const config: Config = { allow: { id: 'admin' }, databases: { data: { allow: true } } };
    assert.equal(allowed(config, bob, 'view-database', data), true);
    assert.equal(allowed(config, bob, 'view-table', birds), true);
    assert.equal(allowed(config, bob, 'view-query', { database: 'data', table: 'q' }), true);
    assert.equal(allowed(config, bob, 'view-instance'), false);
    assert.equal(allowed(config, bob, 'view-database', { database: 'other' }), false);
  });

  it('table and query allow blocks apply to view-table and view-query only', () => {
    const config: Config = {
      databases: {
        data: {
          allow: { id: 'admin' },
          tables: { birds: { allow: { id: 'bob' } } },
          queries: { q: { sql: 'select 1', allow: { id: 'bob' } } },
        },
      },
    };
    assert.equal(allowed(config, bob, 'view-table', birds), true);
    assert.equal(allowed(config, bob, 'view-table', { database: 'data', table: 'fish' }), false);
    assert.equal(allowed(config, bob, 'view-query', { database: 'data', table: 'q' }), true);
    assert.equal(allowed(config, bob, 'view-database', data), false);
    assert.deepEqual(configRules(config, bob, 'insert-row'), []);
  });

  it('allow_sql governs execute-sql at instance and database level', () => {
    const config: Config = {
      allow_sql: { id: 'analyst' },
      databases: { open: { allow_sql: true }, closed: { allow_sql: false } },
    };
    assert.equal(allowed(config, bob, 'execute-sql', data), false);
    assert.equal(allowed(config, { id: 'analyst' }, 'execute-sql', data), true);
    assert.equal(allowed(config, bob, 'execute-sql', { database: 'open' }), true);
    assert.equal(allowed(config, { id: 'analyst' }, 'execute-sql', { database: 'closed' }), false);
    assert.deepEqual(configRules(config, bob, 'execute-sql'), [
      { database: 'open', allow: true, reason: 'config allow allow_sql on open' },
      { database: 'closed', allow: false, reason: 'config deny allow_sql on closed' },
      { allow: false, reason: 'config deny allow_sql' },
    ]);
  });

  it('a database allow_sql beats default_allow_sql: false', () => {
    const config: Config = { databases: { data: { allow_sql: { id: 'bob' } } } };
    assert.equal(allowed(config, bob, 'execute-sql', data, { defaultAllowSql: false }), true);
    assert.equal(
      allowed(config, bob, 'execute-sql', { database: 'x' }, { defaultAllowSql: false }),
      false,
    );
  });

  it('an allow: null block is no block', () => {
    assert.deepEqual(configRules({ allow: null }, bob, 'view-instance'), []);
  });
});
