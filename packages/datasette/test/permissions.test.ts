/**
 * The permission rules of reference §5, checked through `datasette.allowed()` and through HTTP:
 * defaults, --default-deny, root, config blocks at each level, most specific wins, deny beats
 * allow, unknown actions, the manage-secrets lock-out, `-s` on the command line, plugin rules,
 * token restrictions and alsoRequires.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Config, validateConfig } from '../src/config/load.js';
import { deepMerge, settingPairsToConfig } from '../src/config/pairs.js';
import {
  type Actor,
  type Datasette,
  type DatasetteOptions,
  definePlugin,
  json,
  type Resource,
} from '../src/index.js';
import { makeDatasette, makeDb, tempDir } from './helpers.js';

const MANAGE = 'manage-secrets';
const secretsLike = definePlugin({
  name: 'secrets-like',
  hooks: {
    registerActions: () => [
      { name: MANAGE, description: 'Manage secrets', abbr: 'ms' },
      { name: 'edit-notes', description: 'Edit notes', alsoRequires: MANAGE },
      { name: 'annotate-table', description: 'Annotate', resourceClass: 'table' },
    ],
    registerRoutes: () => [
      {
        path: '/-/manage',
        methods: ['GET'],
        handler: async ({ datasette, request }) => {
          await datasette.ensurePermission({ action: MANAGE, actor: request.actor });
          return json({ ok: true });
        },
      },
      {
        path: '/-/bad-action',
        methods: ['GET'],
        handler: async ({ datasette, request }) => {
          await datasette.allowed({ action: 'no-such-action', actor: request.actor });
          return json({ ok: true });
        },
      },
    ],
  },
});

let dir: string;
let cleanup: () => void;
const hosts: Datasette[] = [];

before(() => {
  ({ dir, cleanup } = tempDir());
  makeDb(
    dir,
    'data',
    'create table birds (id integer primary key); create table salaries (id integer primary key);',
  );
  makeDb(dir, 'other', 'create table things (id integer primary key);');
});
after(async () => {
  for (const ds of hosts) await ds.close();
  cleanup();
});

async function host(options: DatasetteOptions = {}): Promise<Datasette> {
  const ds = makeDatasette({
    ...options,
    files: [`${dir}/data.db`, `${dir}/other.db`],
    plugins: [secretsLike, ...(options.plugins ?? [])],
    config: validateConfig(options.config ?? {}, 'test'),
  });
  hosts.push(ds);
  await ds.invokeStartup();
  return ds;
}

const ROOT: Actor = { id: 'root' };
const ADMIN: Actor = { id: 'admin' };
const ALICE: Actor = { id: 'alice' };
const DATA: Resource = { database: 'data' };
const BIRDS: Resource = { database: 'data', table: 'birds' };
const SALARIES: Resource = { database: 'data', table: 'salaries' };
const THINGS: Resource = { database: 'other', table: 'things' };

function allowed(ds: Datasette, action: string, actor: Actor | null, resource?: Resource) {
  return ds.allowed({ action, actor, resource });
}

describe('defaults', () => {
  it('allow the view actions and execute-sql to everyone', async () => {
    const ds = await host();
    for (const actor of [null, ALICE]) {
      assert.equal(await allowed(ds, 'view-instance', actor), true);
      assert.equal(await allowed(ds, 'view-database', actor, DATA), true);
      assert.equal(await allowed(ds, 'view-table', actor, BIRDS), true);
      assert.equal(await allowed(ds, 'execute-sql', actor, DATA), true);
      assert.equal(await allowed(ds, 'view-database-download', actor, DATA), true);
    }
  });

  it('deny everything else, plugin actions included, even to an actor called root without --root', async () => {
    const ds = await host();
    for (const actor of [null, ALICE, ROOT]) {
      assert.equal(await allowed(ds, MANAGE, actor), false);
      assert.equal(await allowed(ds, 'permissions-debug', actor), false);
      assert.equal(await allowed(ds, 'insert-row', actor, BIRDS), false);
      assert.equal(await allowed(ds, 'execute-write-sql', actor, DATA), false);
    }
  });

  it('--default-deny removes the default allows', async () => {
    const ds = await host({ defaultDeny: true });
    assert.equal(await allowed(ds, 'view-instance', ALICE), false);
    assert.equal(await allowed(ds, 'view-table', null, BIRDS), false);
    const res = await ds.client.get('/', { actor: ALICE });
    assert.equal(res.status, 403);
  });

  it('default_allow_sql: false denies execute-sql', async () => {
    const ds = await host({ config: { settings: { default_allow_sql: false } } as never });
    assert.equal(await allowed(ds, 'execute-sql', ALICE, DATA), false);
    assert.equal(await allowed(ds, 'view-database', ALICE, DATA), true);
  });
});

describe('root', () => {
  it('may do everything when started with --root', async () => {
    const ds = await host({ root: true, defaultDeny: true });
    assert.equal(await allowed(ds, MANAGE, ROOT), true);
    assert.equal(await allowed(ds, 'permissions-debug', ROOT), true);
    assert.equal(await allowed(ds, 'drop-table', ROOT, BIRDS), true);
    assert.equal(await allowed(ds, 'view-instance', ROOT), true);
    assert.equal(await allowed(ds, MANAGE, ALICE), false, 'only the root actor');
    assert.equal((await ds.client.get('/-/manage', { actor: ROOT })).status, 200);
    assert.equal((await ds.client.get('/-/manage', { actor: ALICE })).status, 403);
  });

  it('is locked out by permissions: {manage-secrets: {id: admin}}', async () => {
    const ds = await host({ root: true, config: { permissions: { [MANAGE]: { id: 'admin' } } } });
    assert.equal(await allowed(ds, MANAGE, ROOT), false);
    assert.equal(await allowed(ds, MANAGE, ADMIN), true);
    assert.equal(await allowed(ds, 'view-instance', ROOT), true, 'other actions unaffected');
    assert.equal((await ds.client.get('/-/manage', { actor: ROOT })).status, 403);
    assert.equal((await ds.client.get('/-/manage', { actor: ADMIN })).status, 200);
  });

  it('loses to a database-level deny', async () => {
    const ds = await host({ root: true, config: { databases: { data: { allow: false } } } });
    assert.equal(await allowed(ds, 'view-database', ROOT, DATA), false);
    assert.equal(await allowed(ds, 'view-database', ROOT, { database: 'other' }), true);
  });
});

describe('config permissions blocks', () => {
  it('at instance level: a match allows, a non-match denies', async () => {
    const ds = await host({ config: { permissions: { [MANAGE]: { id: ['admin', 'alice'] } } } });
    assert.equal(await allowed(ds, MANAGE, ADMIN), true);
    assert.equal(await allowed(ds, MANAGE, ALICE), true);
    assert.equal(await allowed(ds, MANAGE, { id: 'bob' }), false);
    assert.equal(await allowed(ds, MANAGE, null), false);
  });

  it('understands "*", unauthenticated, true and false', async () => {
    const ds = await host({
      config: {
        permissions: {
          [MANAGE]: { id: '*' },
          'permissions-debug': { unauthenticated: true },
          'debug-menu': true,
        },
        databases: { data: { permissions: { 'create-table': false } } },
      },
    });
    assert.equal(await allowed(ds, MANAGE, { id: 'anyone' }), true);
    assert.equal(await allowed(ds, MANAGE, { name: 'no id' }), false);
    assert.equal(await allowed(ds, MANAGE, null), false);
    assert.equal(await allowed(ds, 'permissions-debug', null), true);
    assert.equal(await allowed(ds, 'permissions-debug', ALICE), false);
    assert.equal(await allowed(ds, 'debug-menu', null), true);
    assert.equal(await allowed(ds, 'create-table', ROOT, DATA), false);
  });

  it('matches other actor keys, OR-ed, with no type coercion', async () => {
    const ds = await host({
      config: { permissions: { [MANAGE]: { roles: ['ops'], id: '1' } } },
    });
    assert.equal(await allowed(ds, MANAGE, { id: 'x', roles: ['dev', 'ops'] }), true);
    assert.equal(await allowed(ds, MANAGE, { id: '1' }), true);
    assert.equal(await allowed(ds, MANAGE, { id: 1 }), false, '"1" does not match 1');
  });

  it('at database and table level, the most specific rule wins', async () => {
    const ds = await host({
      config: {
        permissions: { 'insert-row': { id: 'admin' } },
        databases: {
          data: {
            permissions: { 'insert-row': { id: ['admin', 'alice'] } },
            tables: { salaries: { permissions: { 'insert-row': { id: 'admin' } } } },
          },
        },
      },
    });
    // Instance level: only admin.
    assert.equal(await allowed(ds, 'insert-row', ALICE, THINGS), false);
    // Database level re-opens data for alice ...
    assert.equal(await allowed(ds, 'insert-row', ALICE, BIRDS), true);
    // ... and the table level closes salaries again.
    assert.equal(await allowed(ds, 'insert-row', ALICE, SALARIES), false);
    assert.equal(await allowed(ds, 'insert-row', ADMIN, SALARIES), true);
  });

  it('allow blocks hide databases and tables, and the index page follows', async () => {
    const ds = await host({
      config: {
        databases: {
          other: { allow: { id: 'admin' } },
          data: { tables: { salaries: { allow: false } } },
        },
      },
    });
    assert.equal(await allowed(ds, 'view-database', ALICE, { database: 'other' }), false);
    assert.equal(await allowed(ds, 'view-table', ALICE, THINGS), false, 'inherited from the db');
    assert.equal(await allowed(ds, 'view-database', ADMIN, { database: 'other' }), true);
    assert.equal(await allowed(ds, 'view-table', ADMIN, SALARIES), false);
    assert.equal(await allowed(ds, 'view-table', ALICE, BIRDS), true);

    const anon = (await (await ds.client.get('/.json')).json()) as {
      databases: { name: string }[];
    };
    assert.deepEqual(
      anon.databases.map((d) => d.name),
      ['data'],
    );
    const admin = (await (await ds.client.get('/.json', { actor: ADMIN })).json()) as {
      databases: { name: string }[];
    };
    assert.deepEqual(admin.databases.map((d) => d.name).sort(), ['data', 'other']);
  });

  it('an instance allow block protects the whole site over HTTP', async () => {
    const ds = await host({ config: { allow: { id: 'admin' } } });
    assert.equal((await ds.client.get('/')).status, 403);
    assert.equal((await ds.client.get('/.json', { actor: ALICE })).status, 403);
    assert.equal((await ds.client.get('/', { actor: ADMIN })).status, 200);
    const denied = await ds.client.get('/-/versions.json', { actor: ALICE });
    assert.equal(denied.status, 403);
    assert.equal(((await denied.json()) as { error: string }).error, 'Permission denied');
  });

  it('allow_sql controls execute-sql only', async () => {
    const ds = await host({
      config: { allow_sql: { id: 'admin' }, databases: { other: { allow_sql: true } } },
    });
    assert.equal(await allowed(ds, 'execute-sql', ALICE, DATA), false);
    assert.equal(await allowed(ds, 'execute-sql', ADMIN, DATA), true);
    assert.equal(await allowed(ds, 'execute-sql', ALICE, { database: 'other' }), true);
    assert.equal(await allowed(ds, 'view-database', ALICE, DATA), true);
  });

  it('0 and 1 mean false and true', async () => {
    const ds = await host({
      config: { permissions: { [MANAGE]: 1, 'debug-menu': 0 } } as unknown as Config,
    });
    assert.equal(await allowed(ds, MANAGE, null), true);
    assert.equal(await allowed(ds, 'debug-menu', null), false);
  });
});

describe('rules from plugins (permissionRules)', () => {
  it('add rules that combine with the others: deny beats allow at the same level', async () => {
    const rules = definePlugin({
      name: 'rules-plugin',
      hooks: {
        permissionRules: ({ actor, action }) => {
          if (action === MANAGE && actor?.id === 'alice')
            return [{ allow: true, reason: 'alice manages' }];
          if (action === 'view-table' && actor?.id === 'auditor')
            return [{ database: 'data', table: 'salaries', allow: false, reason: 'no salaries' }];
          if (action === 'annotate-table' && actor?.id === 'alice')
            return [
              { database: 'data', allow: true, reason: 'alice annotates data' },
              { database: 'data', allow: false, reason: 'but not really' },
            ];
          return null;
        },
      },
    });
    const ds = await host({ plugins: [rules] });
    assert.equal(await allowed(ds, MANAGE, ALICE), true);
    assert.equal(await allowed(ds, MANAGE, ADMIN), false);
    const auditor = { id: 'auditor' };
    assert.equal(await allowed(ds, 'view-table', auditor, SALARIES), false);
    assert.equal(await allowed(ds, 'view-table', auditor, BIRDS), true);
    assert.equal(await allowed(ds, 'annotate-table', ALICE, BIRDS), false, 'deny beats allow');
  });

  it('a plugin deny at the same level beats root', async () => {
    const deny = definePlugin({
      name: 'deny-plugin',
      hooks: {
        permissionRules: ({ action }) =>
          action === MANAGE ? [{ allow: false, reason: 'frozen' }] : [],
      },
    });
    const ds = await host({ root: true, plugins: [deny] });
    assert.equal(await allowed(ds, MANAGE, ROOT), false);
  });

  it('more specific plugin rules beat global config rules', async () => {
    const tableAllow = definePlugin({
      name: 'table-allow',
      hooks: {
        permissionRules: ({ action, actor }) =>
          action === 'view-table' && actor?.id === 'alice'
            ? [{ database: 'other', table: 'things', allow: true, reason: 'shared' }]
            : [],
      },
    });
    const ds = await host({ plugins: [tableAllow], config: { allow: { id: 'admin' } } });
    assert.equal(await allowed(ds, 'view-table', ALICE, THINGS), true);
    assert.equal(await allowed(ds, 'view-table', ALICE, BIRDS), false);
  });
});

describe('unknown actions', () => {
  it('are an error that names the action', async () => {
    const ds = await host();
    await assert.rejects(
      allowed(ds, 'manage-secret', ROOT),
      /Unknown permission action "manage-secret"/,
    );
  });

  it('are a 500 over HTTP, not a silent deny', async () => {
    const ds = await host();
    const saved = console.error;
    console.error = () => {};
    try {
      const res = await ds.client.get('/-/bad-action');
      assert.equal(res.status, 500);
    } finally {
      console.error = saved;
    }
  });
});

describe('-s on the command line', () => {
  function cliConfig(file: Record<string, unknown>, pairs: Array<[string, string]>): Config {
    return validateConfig(deepMerge(file, settingPairsToConfig(pairs)), '-s options');
  }

  it('-s permissions.manage-secrets.id root grants root (and only root)', async () => {
    const config = cliConfig({}, [['permissions.manage-secrets.id', 'root']]);
    assert.deepEqual(config.permissions, { [MANAGE]: { id: 'root' } });
    const ds = await host({ config });
    assert.equal(await allowed(ds, MANAGE, ROOT), true, 'even without --root');
    assert.equal(await allowed(ds, MANAGE, ADMIN), false);
    assert.equal((await ds.client.get('/-/manage', { actor: ROOT })).status, 200);
  });

  it('overrides the config file', async () => {
    const file = { permissions: { [MANAGE]: { id: 'admin' } } };
    const ds = await host({ config: cliConfig(file, [['permissions.manage-secrets.id', 'root']]) });
    assert.equal(await allowed(ds, MANAGE, ROOT), true);
    assert.equal(await allowed(ds, MANAGE, ADMIN), false);
  });

  it('takes JSON values: a list of ids', async () => {
    const ds = await host({
      config: cliConfig({}, [['permissions.manage-secrets.id', '["root", "admin"]']]),
    });
    assert.equal(await allowed(ds, MANAGE, ADMIN), true);
  });
});

describe('token restrictions (_r)', () => {
  it('only narrow what the actor may do', async () => {
    const ds = await host({ root: true });
    const restricted = {
      id: 'root',
      token: 'dstok',
      _r: { a: ['vi'], d: { data: ['vd'] }, r: { data: { birds: ['vt'] } } },
    };
    assert.equal(await allowed(ds, 'view-instance', restricted), true);
    assert.equal(await allowed(ds, 'view-database', restricted, DATA), true);
    assert.equal(await allowed(ds, 'view-database', restricted, { database: 'other' }), false);
    assert.equal(await allowed(ds, 'view-table', restricted, BIRDS), true);
    assert.equal(await allowed(ds, 'view-table', restricted, SALARIES), false);
    assert.equal(await allowed(ds, MANAGE, restricted), false, 'root, but not in _r');
    assert.equal(await allowed(ds, MANAGE, { ...restricted, _r: { a: ['ms'] } }), true);
    assert.equal(await allowed(ds, MANAGE, { ...restricted, _r: { a: [MANAGE] } }), true);
    // _r never grants: alice has no manage-secrets rule.
    assert.equal(await allowed(ds, MANAGE, { id: 'alice', _r: { a: ['ms'] } }), false);
  });

  it('apply to real Bearer tokens over HTTP', async () => {
    const ds = await host({ root: true });
    const token = ds.createToken('root', { restrictions: { a: ['vi'] } });
    const auth = { authorization: `Bearer ${token}` };
    const index = (await (await ds.client.get('/.json', { headers: auth })).json()) as {
      databases: unknown[];
    };
    assert.deepEqual(index.databases, [], 'view-database is not in _r');
    assert.equal((await ds.client.get('/-/manage', { headers: auth })).status, 403);
    const full = {
      authorization: `Bearer ${ds.createToken('root', { restrictions: { a: ['ms'] } })}`,
    };
    assert.equal((await ds.client.get('/-/manage', { headers: full })).status, 200);
  });
});

describe('alsoRequires', () => {
  it('ANDs in the other action', async () => {
    const ds = await host({ config: { databases: { other: { allow: false } } } });
    assert.equal(await allowed(ds, 'execute-sql', ALICE, DATA), true);
    assert.equal(
      await allowed(ds, 'execute-sql', ALICE, { database: 'other' }),
      false,
      'execute-sql needs view-database',
    );
    assert.equal(await allowed(ds, 'view-database-download', ALICE, { database: 'other' }), false);
  });

  it('works for plugin actions', async () => {
    const ds = await host({
      config: {
        permissions: { 'edit-notes': { id: ['alice', 'admin'] }, [MANAGE]: { id: 'admin' } },
      },
    });
    assert.equal(await allowed(ds, 'edit-notes', ADMIN), true);
    assert.equal(await allowed(ds, 'edit-notes', ALICE), false, 'alice lacks manage-secrets');
  });
});

describe('registerActions', () => {
  it('a clashing definition stops startup, naming both plugins', async () => {
    const clash = definePlugin({
      name: 'clasher',
      hooks: { registerActions: () => [{ name: MANAGE, description: 'Something else' }] },
    });
    const ds = makeDatasette({ plugins: [secretsLike, clash] });
    hosts.push(ds);
    await assert.rejects(ds.invokeStartup(), /secrets-like.*clasher|clasher.*secrets-like/);
  });

  it('must return synchronously', async () => {
    const asyncActions = definePlugin({
      name: 'async-actions',
      hooks: { registerActions: (async () => [{ name: 'x', description: 'x' }]) as never },
    });
    const ds = makeDatasette({ plugins: [asyncActions] });
    hosts.push(ds);
    await assert.rejects(ds.invokeStartup(), /async-actions.*synchronously/);
  });
});
