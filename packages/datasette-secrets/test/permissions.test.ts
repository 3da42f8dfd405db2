/**
 * Who may use the pages: the Python suite's permission matrix (anonymous, other, admin on both
 * pages, with and without the menu link), extended to POST and the other ways of granting
 * `manage-secrets`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ADMIN,
  MENU_LINK,
  OTHER,
  pythonSuiteConfig,
  secretRows,
  startHost,
  TEST_KEY,
} from './helpers.js';

const PAGES = ['/-/secrets', '/-/secrets/EXAMPLE_SECRET'];
const USERS = [null, 'admin', 'other'] as const;

describe('permission matrix (ported from test_permissions)', () => {
  for (const path of PAGES) {
    for (const user of USERS) {
      it(`GET ${path} as ${user ?? 'anonymous'}`, async () => {
        const ds = await startHost();
        const res = await ds.client.get(path, { actor: user ? { id: user } : null });
        const body = await res.text();
        if (user === 'admin') {
          assert.equal(res.status, 200);
          assert.ok(body.includes(MENU_LINK), 'admin sees the menu link');
        } else {
          assert.equal(res.status, 403);
          assert.ok(body.includes('Permission denied'));
          assert.ok(!body.includes(MENU_LINK), 'no menu link for others');
        }
      });
    }
  }

  for (const path of PAGES) {
    for (const user of [null, 'other'] as const) {
      it(`POST ${path} as ${user ?? 'anonymous'} is 403 and stores nothing`, async () => {
        const ds = await startHost();
        const res = await ds.client.post(path, {
          actor: user ? { id: user } : null,
          form: { secret: 'nope', note: '' },
        });
        assert.equal(res.status, 403);
        assert.ok((await res.text()).includes('Permission denied'));
        assert.deepEqual(secretRows(ds), []);
      });
    }
  }

  it('the 403 is JSON for JSON clients', async () => {
    const ds = await startHost();
    const res = await ds.client.get('/-/secrets', { headers: { accept: 'application/json' } });
    assert.equal(res.status, 403);
    assert.deepEqual(await res.json(), {
      ok: false,
      error: 'Permission denied',
      errors: ['Permission denied'],
      status: 403,
    });
  });
});

describe('granting manage-secrets', () => {
  const secretsPlugins = { 'datasette-secrets': { encryption_key: TEST_KEY } };

  it('permissions: manage-secrets: id: root in datasette.yml (-s: see cli-e2e.test.ts)', async () => {
    const ds = await startHost({
      config: { plugins: secretsPlugins, permissions: { 'manage-secrets': { id: 'root' } } },
    });
    assert.equal((await ds.client.get('/-/secrets', { actor: { id: 'root' } })).status, 200);
    assert.equal((await ds.client.get('/-/secrets', ADMIN)).status, 403);
  });

  it('--root alone lets root manage secrets', async () => {
    const ds = await startHost({ root: true, config: { plugins: secretsPlugins } });
    const res = await ds.client.get('/-/secrets', { actor: { id: 'root' } });
    assert.equal(res.status, 200);
    assert.ok((await res.text()).includes(MENU_LINK));
  });

  it('without --root and without a grant nobody may (plugin actions default to deny)', async () => {
    const ds = await startHost({ config: { plugins: secretsPlugins } });
    assert.equal((await ds.client.get('/-/secrets', { actor: { id: 'root' } })).status, 403);
  });

  it('a grant to someone else locks root out, as in Python', async () => {
    const ds = await startHost({ root: true, config: pythonSuiteConfig() });
    assert.equal((await ds.client.get('/-/secrets', { actor: { id: 'root' } })).status, 403);
  });

  it('the menu link needs both permission and a configured plugin', async () => {
    const configured = await startHost();
    const other = await (await configured.client.get('/', OTHER)).text();
    assert.ok(!other.includes(MENU_LINK));
    assert.ok((await (await configured.client.get('/', ADMIN)).text()).includes(MENU_LINK));
    const unconfigured = await startHost({
      config: { permissions: { 'manage-secrets': { id: 'admin' } } },
    });
    const page = await (await unconfigured.client.get('/', ADMIN)).text();
    assert.ok(!page.includes(MENU_LINK), 'no menu link when not configured');
  });
});

describe('methods', () => {
  for (const method of ['PUT', 'DELETE', 'PATCH']) {
    for (const path of PAGES) {
      it(`${method} ${path} is 405 and stores nothing`, async () => {
        const ds = await startHost();
        const res = await ds.client.request(method, path, { ...ADMIN, form: { secret: 'x' } });
        assert.equal(res.status, 405);
        assert.match(res.headers.get('allow') ?? '', /GET/);
        assert.deepEqual(secretRows(ds), []);
      });
    }
  }

  it('POST to the list page is 405 for a manager, 403 for others', async () => {
    const ds = await startHost();
    const admin = await ds.client.post('/-/secrets', { ...ADMIN, form: {} });
    assert.equal(admin.status, 405);
    assert.equal(admin.headers.get('allow'), 'GET');
    assert.equal((await ds.client.post('/-/secrets', { ...OTHER, form: {} })).status, 403);
  });

  it('HEAD is answered like GET', async () => {
    const ds = await startHost();
    assert.equal((await ds.client.request('HEAD', '/-/secrets', ADMIN)).status, 200);
    assert.equal((await ds.client.request('HEAD', '/-/secrets', OTHER)).status, 403);
  });
});
