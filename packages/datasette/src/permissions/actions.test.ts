import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Action } from '../types.js';
import { ActionError, ActionRegistry, CORE_ACTIONS, validateAction } from './actions.js';

function actionError(fn: () => unknown): ActionError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ActionError, `expected ActionError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an ActionError');
}

const manageSecrets: Action = { name: 'manage-secrets', description: 'Manage secrets' };

describe('CORE_ACTIONS', () => {
  it('lists every core action with its abbreviation and resource class', () => {
    const summary = CORE_ACTIONS.map((a) => `${a.name}:${a.abbr}:${a.resourceClass}`);
    assert.deepEqual(summary, [
      'view-instance:vi:instance',
      'permissions-debug:pd:instance',
      'debug-menu:dm:instance',
      'view-database:vd:database',
      'view-database-download:vdd:database',
      'execute-sql:es:database',
      'execute-write-sql:ews:database',
      'create-table:ct:database',
      'create-view:cv:database',
      'store-query:sq:database',
      'view-table:vt:table',
      'insert-row:ir:table',
      'delete-row:dr:table',
      'update-row:ur:table',
      'alter-table:at:table',
      'set-column-type:sct:table',
      'drop-table:dt:table',
      'drop-view:dv:table',
      'view-query:vq:query',
      'update-query:uq:query',
      'delete-query:dq:query',
    ]);
  });

  it('records which actions also require another', () => {
    const requires = Object.fromEntries(
      CORE_ACTIONS.filter((a) => a.alsoRequires).map((a) => [a.name, a.alsoRequires]),
    );
    assert.deepEqual(requires, {
      'view-database-download': 'view-database',
      'execute-sql': 'view-database',
      'execute-write-sql': 'view-database',
      'store-query': 'execute-sql',
    });
  });

  it('is frozen, entries included', () => {
    assert.ok(Object.isFrozen(CORE_ACTIONS));
    assert.ok(CORE_ACTIONS.every((a) => Object.isFrozen(a)));
  });
});

describe('ActionRegistry', () => {
  it('registers core actions and looks them up by name and abbreviation', () => {
    const registry = ActionRegistry.withCoreActions();
    assert.equal(registry.all().length, CORE_ACTIONS.length);
    assert.equal(registry.get('view-table')?.abbr, 'vt');
    assert.equal(registry.byAbbr('es')?.name, 'execute-sql');
    assert.equal(registry.abbrOf('view-instance'), 'vi');
    assert.equal(registry.sourceOf('view-instance'), 'datasette');
    assert.equal(registry.has('manage-secrets'), false);
    assert.equal(registry.get('nope'), undefined);
    assert.equal(registry.byAbbr('zz'), undefined);
  });

  it('defaults resourceClass to instance and keeps a frozen copy', () => {
    const registry = new ActionRegistry();
    const action = { ...manageSecrets };
    registry.register(action, 'datasette-secrets');
    assert.deepEqual(registry.get('manage-secrets'), {
      ...manageSecrets,
      resourceClass: 'instance',
    });
    assert.ok(Object.isFrozen(registry.get('manage-secrets')));
    action.description = 'changed';
    assert.equal(registry.get('manage-secrets')?.description, 'Manage secrets');
  });

  it('accepts an identical re-registration', () => {
    const registry = new ActionRegistry();
    registry.register(manageSecrets, 'a');
    registry.register({ ...manageSecrets, resourceClass: 'instance' }, 'b');
    assert.equal(registry.all().length, 1);
    assert.equal(registry.sourceOf('manage-secrets'), 'a');
  });

  it('rejects a different definition under the same name, naming both sources', () => {
    const registry = new ActionRegistry();
    registry.register(manageSecrets, 'datasette-secrets');
    const error = actionError(() =>
      registry.register({ name: 'manage-secrets', description: 'Other' }, 'other-plugin'),
    );
    assert.equal(error.code, 'DUPLICATE_ACTION');
    assert.equal(
      error.message,
      'Duplicate action name "manage-secrets": registered by datasette-secrets and, differently, by other-plugin',
    );
  });

  it('rejects a second action reusing an abbreviation', () => {
    const registry = ActionRegistry.withCoreActions();
    const error = actionError(() =>
      registry.register({ name: 'view-thing', abbr: 'vt', description: 'x' }, 'my-plugin'),
    );
    assert.equal(error.code, 'DUPLICATE_ACTION');
    assert.equal(
      error.message,
      'Duplicate action abbr "vt" (of "view-table" and "view-thing"): registered by datasette and, differently, by my-plugin',
    );
    assert.equal(registry.has('view-thing'), false);
  });

  it('validates names with a suggested spelling', () => {
    const registry = new ActionRegistry();
    const error = actionError(() =>
      registry.register({ name: 'Manage_Secrets', description: 'x' }, 'p'),
    );
    assert.equal(error.code, 'INVALID_ACTION');
    assert.equal(
      error.message,
      'Invalid action name "Manage_Secrets" from p: use lowercase letters, digits and single dashes such as "manage-secrets"',
    );
    for (const name of ['', '-a', 'a-', 'a--b', 'a b', 'é']) {
      assert.equal(
        actionError(() => validateAction({ name, description: 'x' }, 'p')).code,
        'INVALID_ACTION',
        name,
      );
    }
    assert.doesNotThrow(() => validateAction({ name: 'v2-read', description: 'x' }, 'p'));
  });

  it('validates the other fields', () => {
    const bad = [
      { name: 'a', description: 'x', abbr: 'A B' },
      { name: 'a', description: 5 },
      { name: 'a', description: 'x', resourceClass: 'row' },
      { name: 'a', description: 'x', alsoRequires: 'View Database' },
      { description: 'x' },
    ];
    for (const action of bad) {
      assert.equal(
        actionError(() => validateAction(action as unknown as Action, 'p')).code,
        'INVALID_ACTION',
      );
    }
    const rc = actionError(() =>
      validateAction({ name: 'a', description: 'x', resourceClass: 'row' as never }, 'p'),
    );
    assert.equal(
      rc.message,
      'Action "a" from p has resourceClass "row"; use one of instance, database, table, query',
    );
  });

  it('keeps registration order', () => {
    const registry = new ActionRegistry();
    registry.register({ name: 'b', description: 'b' }, 'p');
    registry.register({ name: 'a', description: 'a' }, 'p');
    assert.deepEqual(
      registry.all().map((a) => a.name),
      ['b', 'a'],
    );
  });
});
