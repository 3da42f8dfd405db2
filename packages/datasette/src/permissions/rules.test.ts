import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PermissionRule } from '../types.js';
import { ActionRegistry } from './actions.js';
import {
  defaultRules,
  type RuleWithSource,
  resolveRules,
  restrictionsAllow,
  rootRules,
} from './rules.js';

const tag = (source: string, rules: PermissionRule[]): RuleWithSource[] =>
  rules.map((rule) => ({ ...rule, source }));
const allow = (reason: string, where: Partial<PermissionRule> = {}): RuleWithSource => ({
  ...where,
  allow: true,
  reason,
  source: 'test',
});
const deny = (reason: string, where: Partial<PermissionRule> = {}): RuleWithSource => ({
  ...where,
  allow: false,
  reason,
  source: 'test',
});

describe('resolveRules', () => {
  it('denies when no rule matches', () => {
    assert.deepEqual(resolveRules([]), { allowed: false, reason: null, source: null });
    assert.deepEqual(resolveRules([allow('other db', { database: 'b' })], { database: 'a' }), {
      allowed: false,
      reason: null,
      source: null,
    });
  });

  it('returns the winning rule with its source', () => {
    const rules = tag('root', [{ allow: true, reason: 'root user' }]);
    assert.deepEqual(resolveRules(rules), { allowed: true, reason: 'root user', source: 'root' });
  });

  it('lets the most specific rule win: table > database > global', () => {
    const rules = [
      allow('global'),
      deny('db', { database: 'data' }),
      allow('table', { database: 'data', table: 'birds' }),
    ];
    assert.equal(resolveRules(rules, { database: 'data', table: 'birds' }).reason, 'table');
    assert.equal(resolveRules(rules, { database: 'data', table: 'fish' }).reason, 'db');
    assert.equal(resolveRules(rules, { database: 'data' }).reason, 'db');
    assert.equal(resolveRules(rules, { database: 'other', table: 'birds' }).reason, 'global');
    assert.equal(resolveRules(rules).reason, 'global');
    assert.equal(resolveRules(rules, { database: 'data', table: 'birds' }).allowed, true);
    assert.equal(resolveRules(rules, { database: 'data' }).allowed, false);
  });

  it('is independent of rule order', () => {
    const rules = [
      allow('table', { database: 'd', table: 't' }),
      deny('global'),
      deny('db', { database: 'd' }),
    ];
    assert.equal(resolveRules(rules, { database: 'd', table: 't' }).reason, 'table');
    assert.equal(resolveRules([...rules].reverse(), { database: 'd', table: 't' }).reason, 'table');
  });

  it('lets deny beat allow at the same depth, in either order', () => {
    for (const where of [{}, { database: 'd' }, { database: 'd', table: 't' }]) {
      const rules = [allow('yes', where), deny('no', where), allow('yes again', where)];
      const resource = { database: 'd', table: 't' };
      assert.deepEqual(resolveRules(rules, resource), {
        allowed: false,
        reason: 'no',
        source: 'test',
      });
      assert.equal(resolveRules([...rules].reverse(), resource).reason, 'no');
    }
  });

  it('keeps the first deny reason when several deny at the same depth', () => {
    assert.equal(resolveRules([deny('first'), deny('second')]).reason, 'first');
  });

  it('never applies a table rule to a check without a table', () => {
    const rules = [allow('table', { database: 'd', table: 't' })];
    assert.equal(resolveRules(rules, { database: 'd' }).allowed, false);
    assert.equal(resolveRules(rules).allowed, false);
  });

  it('never applies a database rule to an instance-level check', () => {
    assert.equal(resolveRules([allow('db', { database: 'd' })]).allowed, false);
  });

  it('treats null database/table as wildcards', () => {
    const rules = [allow('global', { database: null, table: null })];
    assert.equal(resolveRules(rules, { database: 'd', table: 't' }).allowed, true);
  });

  it('applies a table-only rule to that table name in any database', () => {
    const rules = [deny('global-ish'), allow('any db', { table: 't' })];
    assert.equal(resolveRules(rules, { database: 'x', table: 't' }).reason, 'any db');
    assert.equal(resolveRules(rules, { database: 'x', table: 'u' }).reason, 'global-ish');
  });

  it('finds the one matching rule among 10,000', () => {
    const rules: RuleWithSource[] = [];
    for (let i = 0; i < 10_000; i++)
      rules.push(allow(`r${i}`, { database: `db${i % 100}`, table: `t${i}` }));
    assert.equal(resolveRules(rules, { database: 'db5', table: 't5' }).reason, 'r5');
    assert.equal(resolveRules(rules, { database: 'db5', table: 't6' }).allowed, false);
  });
});

describe('defaultRules', () => {
  const normal = { defaultDeny: false, defaultAllowSql: true };

  it('allows the view actions and execute-sql globally', () => {
    for (const action of [
      'view-instance',
      'view-database',
      'view-database-download',
      'view-table',
      'view-query',
      'execute-sql',
    ]) {
      assert.deepEqual(defaultRules(action, normal), [
        { allow: true, reason: `default allow for ${action}` },
      ]);
    }
  });

  it('gives no rule (so deny) to other actions, plugin ones included', () => {
    for (const action of [
      'manage-secrets',
      'insert-row',
      'permissions-debug',
      'execute-write-sql',
    ]) {
      assert.deepEqual(defaultRules(action, normal), []);
    }
  });

  it('drops the allows with --default-deny', () => {
    assert.deepEqual(
      defaultRules('view-instance', { defaultDeny: true, defaultAllowSql: true }),
      [],
    );
  });

  it('denies execute-sql when default_allow_sql is off, which beats the default allow', () => {
    const rules = defaultRules('execute-sql', { defaultDeny: false, defaultAllowSql: false });
    assert.deepEqual(rules, [
      { allow: true, reason: 'default allow for execute-sql' },
      { allow: false, reason: 'default_allow_sql is false' },
    ]);
    assert.equal(resolveRules(tag('defaults', rules), { database: 'd' }).allowed, false);
  });
});

describe('rootRules', () => {
  it('allows everything globally for root when enabled', () => {
    assert.deepEqual(rootRules({ id: 'root' }, true), [{ allow: true, reason: 'root user' }]);
  });

  it('gives nothing when disabled, to other actors, or to anonymous', () => {
    assert.deepEqual(rootRules({ id: 'root' }, false), []);
    assert.deepEqual(rootRules({ id: 'admin' }, true), []);
    assert.deepEqual(rootRules(null, true), []);
    assert.deepEqual(rootRules({ id: 'Root' }, true), []);
  });

  it('lets --root manage secrets when no config says otherwise', () => {
    const rules = [
      ...tag(
        'defaults',
        defaultRules('manage-secrets', { defaultDeny: false, defaultAllowSql: true }),
      ),
      ...tag('root', rootRules({ id: 'root' }, true)),
    ];
    assert.deepEqual(resolveRules(rules), { allowed: true, reason: 'root user', source: 'root' });
  });
});

describe('restrictionsAllow', () => {
  const registry = ActionRegistry.withCoreActions();
  const abbrOf = (name: string) => registry.abbrOf(name);
  const action = (name: string) => registry.get(name) ?? assert.fail(name);
  const viewTable = action('view-table');
  const insertRow = action('insert-row');
  const manage = { name: 'manage-secrets', description: 'Manage secrets' };

  it('allows everything without _r', () => {
    assert.equal(
      restrictionsAllow(undefined, insertRow, { database: 'd', table: 't' }, abbrOf),
      true,
    );
  });

  it('denies everything with an empty _r', () => {
    assert.equal(restrictionsAllow({}, action('view-instance'), undefined, abbrOf), false);
  });

  it('accepts global entries by name or abbreviation, anywhere', () => {
    assert.equal(
      restrictionsAllow({ a: ['vt'] }, viewTable, { database: 'd', table: 't' }, abbrOf),
      true,
    );
    assert.equal(
      restrictionsAllow({ a: ['view-table'] }, viewTable, { database: 'd', table: 't' }, abbrOf),
      true,
    );
    assert.equal(restrictionsAllow({ a: ['manage-secrets'] }, manage, undefined, abbrOf), true);
    assert.equal(restrictionsAllow({ a: ['vi'] }, manage, undefined, abbrOf), false);
  });

  it('finds the abbreviation through abbrOf when the action object lacks it', () => {
    const bare = { name: 'view-table', description: 'View table' };
    assert.equal(
      restrictionsAllow({ a: ['vt'] }, bare, { database: 'd', table: 't' }, abbrOf),
      true,
    );
  });

  it('applies database entries to that database and its tables only', () => {
    const r = { d: { data: ['vt', 'es'] } };
    assert.equal(
      restrictionsAllow(r, viewTable, { database: 'data', table: 'birds' }, abbrOf),
      true,
    );
    assert.equal(restrictionsAllow(r, action('execute-sql'), { database: 'data' }, abbrOf), true);
    assert.equal(
      restrictionsAllow(r, viewTable, { database: 'other', table: 'birds' }, abbrOf),
      false,
    );
    assert.equal(restrictionsAllow(r, viewTable, undefined, abbrOf), false);
    assert.equal(
      restrictionsAllow(r, insertRow, { database: 'data', table: 'birds' }, abbrOf),
      false,
    );
  });

  it('applies table entries to that table only', () => {
    const r = { r: { data: { birds: ['ir'] } } };
    assert.equal(
      restrictionsAllow(r, insertRow, { database: 'data', table: 'birds' }, abbrOf),
      true,
    );
    assert.equal(
      restrictionsAllow(r, insertRow, { database: 'data', table: 'fish' }, abbrOf),
      false,
    );
    assert.equal(restrictionsAllow(r, insertRow, { database: 'data' }, abbrOf), false);
    assert.equal(
      restrictionsAllow(r, insertRow, { database: 'other', table: 'birds' }, abbrOf),
      false,
    );
  });

  it('manage-secrets must be in _r.a', () => {
    assert.equal(
      restrictionsAllow({ d: { data: ['manage-secrets'] } }, manage, undefined, abbrOf),
      false,
    );
    assert.equal(restrictionsAllow({ a: ['manage-secrets'] }, manage, undefined, abbrOf), true);
  });

  it('ignores malformed and inherited entries instead of throwing', () => {
    const bad = { a: 'vt', d: { data: 'vt' }, r: { data: { birds: 'vt' } } } as never;
    assert.equal(
      restrictionsAllow(bad, viewTable, { database: 'data', table: 'birds' }, abbrOf),
      false,
    );
    assert.equal(
      restrictionsAllow({ d: {} }, viewTable, { database: 'toString', table: 't' }, abbrOf),
      false,
    );
    assert.equal(
      restrictionsAllow(
        { r: { d: {} } },
        viewTable,
        { database: 'd', table: 'constructor' },
        abbrOf,
      ),
      false,
    );
  });
});
