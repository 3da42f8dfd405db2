/**
 * The plugin manager and plugin loading: call order and call styles, unknown hooks, discovery of
 * real npm packages in a node_modules folder, DATASETTE_LOAD_PLUGINS, --plugins-dir, and plugins
 * that fail to load.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import {
  type Datasette,
  definePlugin,
  type Plugin,
  PluginError,
  PluginManager,
} from '../src/index.js';
import { findPluginPackages, loadPackagePlugins, loadPluginsDir } from '../src/plugin/discover.js';
import { makeDatasette, tempDir } from './helpers.js';

const hosts: Datasette[] = [];
const dirs: Array<() => void> = [];
after(async () => {
  for (const ds of hosts) await ds.close();
  for (const cleanup of dirs) cleanup();
});

function tmp(): string {
  const t = tempDir('ds-plugins-');
  dirs.push(t.cleanup);
  return t.dir;
}

const ctx = { datasette: {} as Datasette, actor: null, request: null };

describe('PluginManager call styles', () => {
  const calls: string[] = [];
  const make = (name: string, value: unknown) =>
    definePlugin({
      name,
      hooks: {
        menuLinks: () => {
          calls.push(name);
          return value as never;
        },
      },
    });

  it('callAll: every non-null result, in registration order', async () => {
    const pm = new PluginManager();
    pm.register(make('a', [{ href: '/a', label: 'A' }]));
    pm.register(make('b', null));
    pm.register(make('c', undefined));
    pm.register(make('d', [{ href: '/d', label: 'D' }]));
    calls.length = 0;
    assert.deepEqual(await pm.callAll('menuLinks', ctx), [
      [{ href: '/a', label: 'A' }],
      [{ href: '/d', label: 'D' }],
    ]);
    assert.deepEqual(calls, ['a', 'b', 'c', 'd']);
    assert.deepEqual(
      (await pm.callAllNamed('menuLinks', ctx)).map(([name]) => name),
      ['a', 'd'],
    );
  });

  it('callFirst: stops at the first non-null result', async () => {
    const pm = new PluginManager();
    pm.register(make('a', null));
    pm.register(make('b', [{ href: '/b', label: 'B' }]));
    pm.register(make('c', [{ href: '/c', label: 'C' }]));
    calls.length = 0;
    assert.deepEqual(await pm.callFirst('menuLinks', ctx), [{ href: '/b', label: 'B' }]);
    assert.deepEqual(calls, ['a', 'b']);
  });

  it('callEach: calls all for side effects, awaiting each in turn', async () => {
    const order: string[] = [];
    const pm = new PluginManager();
    for (const [name, delay] of [
      ['slow', 20],
      ['fast', 0],
    ] as const) {
      pm.register(
        definePlugin({
          name,
          hooks: {
            startup: async () => {
              await new Promise((r) => setTimeout(r, delay));
              order.push(name);
            },
          },
        }),
      );
    }
    await pm.callEach('startup', { datasette: {} as Datasette });
    assert.deepEqual(order, ['slow', 'fast']);
  });

  it('awaits promises and zero-argument functions (await_me_maybe)', async () => {
    const pm = new PluginManager();
    pm.register(make('promise', Promise.resolve([{ href: '/p', label: 'P' }])));
    pm.register(make('fn', () => [{ href: '/f', label: 'F' }]));
    pm.register(make('async-fn', async () => [{ href: '/af', label: 'AF' }]));
    const links = (await pm.callAll('menuLinks', ctx)).flat();
    assert.deepEqual(
      links.map((l) => l.href),
      ['/p', '/f', '/af'],
    );
  });

  it('callAllSync refuses a hook that returns a promise, naming the plugin', () => {
    const pm = new PluginManager();
    pm.register(
      definePlugin({ name: 'lazy', hooks: { registerActions: (async () => []) as never } }),
    );
    assert.throws(
      () => pm.callAllSync('registerActions', { datasette: {} as Datasette }),
      (err: Error) => err instanceof PluginError && /"lazy".*synchronously/.test(err.message),
    );
  });

  it('refuses a duplicate name, a nameless plugin and a plugin without hooks', () => {
    const pm = new PluginManager();
    pm.register(make('a', null));
    assert.throws(() => pm.register(make('a', null)), /"a" is registered twice/);
    assert.throws(() => pm.register({ name: '', hooks: {} }), PluginError);
    assert.throws(() => pm.register({ name: 'x' } as Plugin), /"x" must have a "hooks" object/);
  });

  it('propagates a hook error unchanged', async () => {
    const pm = new PluginManager();
    pm.register(
      definePlugin({
        name: 'thrower',
        hooks: {
          menuLinks: () => {
            throw new RangeError('boom');
          },
        },
      }),
    );
    await assert.rejects(pm.callAll('menuLinks', ctx), RangeError);
  });

  it('unregister removes a plugin from later calls', async () => {
    const pm = new PluginManager();
    pm.register(make('a', [{ href: '/a', label: 'A' }]));
    assert.equal((await pm.callAll('menuLinks', ctx)).length, 1);
    pm.unregister('a');
    assert.equal((await pm.callAll('menuLinks', ctx)).length, 0);
  });
});

describe('order in a host', () => {
  it('core plugins first, then options.plugins in order, then runtime registrations', async () => {
    const seen: string[] = [];
    const p = (name: string): Plugin =>
      definePlugin({
        name,
        hooks: {
          actorFromRequest: () => {
            seen.push(name);
            return null;
          },
        },
      });
    const ds = makeDatasette({ plugins: [p('one'), p('two')] });
    hosts.push(ds);
    ds.pm.register(p('three'));
    await ds.client.get('/-/actor.json');
    assert.deepEqual(seen, ['one', 'two', 'three']);
    const names = ds.pm.plugins.map((x) => x.name);
    assert.ok(names.indexOf('datasette:auth') < names.indexOf('one'));
  });

  it("core's cookie actor wins over a plugin's actorFromRequest", async () => {
    const plugin = definePlugin({
      name: 'header-auth',
      hooks: {
        actorFromRequest: ({ request }) =>
          request.header('x-user') ? { id: request.header('x-user') ?? '' } : null,
      },
    });
    const ds = makeDatasette({ plugins: [plugin] });
    hosts.push(ds);
    const viaHeader = await ds.client.get('/-/actor.json', { headers: { 'x-user': 'carol' } });
    assert.deepEqual(await viaHeader.json(), { ok: true, actor: { id: 'carol' } });
    const both = await ds.client.get('/-/actor.json', {
      actor: { id: 'alice' },
      headers: { 'x-user': 'carol' },
    });
    assert.deepEqual(await both.json(), { ok: true, actor: { id: 'alice' } });
  });

  it('menu links are concatenated in call order and rendered as plain links', async () => {
    const link = (name: string, href: string, label: string) =>
      definePlugin({ name, hooks: { menuLinks: () => [{ href, label }] } });
    const ds = makeDatasette({
      plugins: [link('m1', '/-/one', 'One & only'), link('m2', '/-/two', 'Two')],
    });
    hosts.push(ds);
    const body = await (await ds.client.get('/')).text();
    const one = body.indexOf('<a href="/-/one">One &amp; only</a>');
    const two = body.indexOf('<a href="/-/two">Two</a>');
    assert.ok(one > 0 && two > one, 'both links, in order');
  });

  it('plugin routes are matched before core routes', async () => {
    const override = definePlugin({
      name: 'override',
      hooks: {
        registerRoutes: () => [
          {
            path: '/-/versions.json',
            methods: ['GET'],
            handler: () => Response.json({ mine: true }),
          },
        ],
      },
    });
    const ds = makeDatasette({ plugins: [override] });
    hosts.push(ds);
    assert.deepEqual(await (await ds.client.get('/-/versions.json')).json(), { mine: true });
  });
});

describe('unknown hooks', () => {
  it('are a PluginError naming the plugin and suggesting the right hook', async () => {
    const typo = { name: 'typo-plugin', hooks: { menuLink: () => [] } } as unknown as Plugin;
    const ds = makeDatasette({ plugins: [typo] });
    hosts.push(ds);
    await assert.rejects(ds.invokeStartup(), (err: Error) => {
      assert.ok(err instanceof PluginError);
      assert.match(err.message, /"typo-plugin"/);
      assert.match(err.message, /unknown hook "menuLink"/);
      assert.match(err.message, /did you mean "menuLinks"/);
      return true;
    });
  });

  it('are accepted once another plugin declares them with hookSpecs', async () => {
    const declares = definePlugin({
      name: 'declares',
      hookSpecs: ['registerWidgets' as never],
      hooks: {},
    });
    const implementsIt = {
      name: 'implements',
      hooks: { registerWidgets: () => ['w'] },
    } as unknown as Plugin;
    const ds = makeDatasette({ plugins: [declares, implementsIt] });
    hosts.push(ds);
    await ds.invokeStartup();
    assert.deepEqual(await ds.pm.callAll('registerWidgets' as never, {} as never), [['w']]);
  });

  it('a hook that is not a function is an error', async () => {
    const bad = { name: 'not-fn', hooks: { startup: 'yes' } } as unknown as Plugin;
    const ds = makeDatasette({ plugins: [bad] });
    hosts.push(ds);
    await assert.rejects(ds.invokeStartup(), /"not-fn".*"startup" must be a function/);
  });
});

/** Write an npm package into `root/node_modules/<name>`. */
function writePackage(
  root: string,
  name: string,
  opts: { plugin?: unknown; files?: Record<string, string>; extra?: Record<string, unknown> },
): string {
  const dir = path.join(root, 'node_modules', ...name.split('/'));
  mkdirSync(dir, { recursive: true });
  const manifest: Record<string, unknown> = {
    name,
    version: '1.2.3',
    type: 'module',
    ...opts.extra,
  };
  if (opts.plugin !== undefined) manifest.datasette = { plugin: opts.plugin };
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(opts.files ?? {})) {
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const PLAIN_PLUGIN = (name: string, href: string) => `
export default {
  name: ${JSON.stringify(name)},
  hooks: {
    menuLinks: () => [{ href: ${JSON.stringify(href)}, label: ${JSON.stringify(name)} }],
  },
};
`;

describe('discovery of installed npm packages', () => {
  const root = tmp();
  writePackage(root, 'datasette-hello', {
    plugin: './index.mjs',
    files: { 'index.mjs': PLAIN_PLUGIN('datasette-hello', '/-/hello') },
  });
  writePackage(root, '@acme/datasette-scoped', {
    plugin: '.',
    extra: { exports: { '.': { import: './main.mjs' } } },
    files: { 'main.mjs': PLAIN_PLUGIN('@acme/datasette-scoped', '/-/scoped') },
  });
  writePackage(root, 'not-a-plugin', {
    files: { 'index.js': 'throw new Error("never imported")' },
  });
  writePackage(root, 'datasette-broken', {
    plugin: './index.mjs',
    files: { 'index.mjs': 'throw new Error("cannot start: missing dependency");' },
  });
  const only = (names: string) => ({ DATASETTE_LOAD_PLUGINS: names });

  it('finds packages that declare "datasette": {"plugin": …}, sorted by name', () => {
    const found = findPluginPackages(root, {});
    const names = found.map((p) => p.name);
    assert.ok(names.includes('datasette-hello'));
    assert.ok(names.includes('@acme/datasette-scoped'));
    assert.ok(!names.includes('not-a-plugin'));
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b)),
    );
    const hello = found.find((p) => p.name === 'datasette-hello');
    assert.equal(hello?.version, '1.2.3');
    assert.equal(path.basename(hello?.entry ?? ''), 'index.mjs');
    const scoped = found.find((p) => p.name === '@acme/datasette-scoped');
    assert.equal(path.basename(scoped?.entry ?? ''), 'main.mjs');
  });

  it('also finds them from a sub-folder of the project', () => {
    const sub = path.join(root, 'a', 'b');
    mkdirSync(sub, { recursive: true });
    const names = findPluginPackages(sub, only('datasette-hello')).map((p) => p.name);
    assert.deepEqual(names, ['datasette-hello']);
  });

  it('DATASETTE_LOAD_PLUGINS restricts the set; empty loads none', () => {
    assert.deepEqual(
      findPluginPackages(root, only('datasette-hello, @acme/datasette-scoped')).map((p) => p.name),
      ['@acme/datasette-scoped', 'datasette-hello'],
    );
    assert.deepEqual(findPluginPackages(root, only('')), []);
    assert.deepEqual(findPluginPackages(root, only('no-such-plugin')), []);
  });

  it('loads a real package and its hooks work in a host', async () => {
    const plugins = await loadPackagePlugins(root, only('datasette-hello,@acme/datasette-scoped'));
    assert.deepEqual(
      plugins.map((p) => [p.name, p.version]),
      [
        ['@acme/datasette-scoped', '1.2.3'],
        ['datasette-hello', '1.2.3'],
      ],
    );
    const ds = makeDatasette({ plugins });
    hosts.push(ds);
    const body = await (await ds.client.get('/')).text();
    assert.match(body, /<a href="\/-\/hello">datasette-hello<\/a>/);
    assert.match(body, /<a href="\/-\/scoped">@acme\/datasette-scoped<\/a>/);
    const listed = (await (await ds.client.get('/-/plugins.json')).json()) as Array<{
      name: string;
      version: string;
      hooks: string[];
    }>;
    assert.deepEqual(
      listed.find((p) => p.name === 'datasette-hello'),
      {
        name: 'datasette-hello',
        version: '1.2.3',
        hooks: ['menuLinks'],
      },
    );
  });

  it('a package that throws on import is an error naming it', async () => {
    await assert.rejects(loadPackagePlugins(root, only('datasette-broken')), (err: Error) => {
      assert.ok(err instanceof PluginError);
      assert.match(err.message, /Plugin "datasette-broken" failed to load/);
      assert.match(err.message, /missing dependency/);
      return true;
    });
  });

  it('a package whose plugin file is missing is an error naming it', async () => {
    const other = tmp();
    writePackage(other, 'datasette-missing', { plugin: './dist/nope.js' });
    await assert.rejects(
      loadPackagePlugins(other, only('datasette-missing')),
      /Plugin "datasette-missing" failed to load/,
    );
  });

  it('a package without a default export is an error naming it', async () => {
    const other = tmp();
    writePackage(other, 'datasette-nodefault', {
      plugin: './index.mjs',
      files: { 'index.mjs': 'export const x = 1;' },
    });
    await assert.rejects(
      loadPackagePlugins(other, only('datasette-nodefault')),
      /Plugin "datasette-nodefault" must export a plugin/,
    );
  });
});

describe('--plugins-dir', () => {
  const dir = tmp();
  writeFileSync(path.join(dir, 'b-second.mjs'), PLAIN_PLUGIN('second', '/-/second'));
  writeFileSync(
    path.join(dir, 'a-first.js'),
    PLAIN_PLUGIN('first', '/-/first').replace('export default', 'export default'),
  );
  writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
  writeFileSync(path.join(dir, 'notes.txt'), 'not a plugin');

  it('loads each .js / .mjs file in file-name order', async () => {
    const plugins = await loadPluginsDir(dir);
    assert.deepEqual(
      plugins.map((p) => p.name),
      ['first', 'second'],
    );
    const ds = makeDatasette({ plugins });
    hosts.push(ds);
    const body = await (await ds.client.get('/')).text();
    assert.ok(body.indexOf('/-/first') < body.indexOf('/-/second'));
  });

  it('names a file that throws on import', async () => {
    const bad = tmp();
    writeFileSync(path.join(bad, 'explodes.mjs'), 'throw new Error("kaboom");');
    await assert.rejects(loadPluginsDir(bad), (err: Error) => {
      assert.ok(err instanceof PluginError);
      assert.match(err.message, /"explodes\.mjs" \(from --plugins-dir\) failed to load: kaboom/);
      return true;
    });
  });

  it('names a file with a syntax error', async () => {
    const bad = tmp();
    writeFileSync(path.join(bad, 'typo.mjs'), 'export default {');
    await assert.rejects(loadPluginsDir(bad), /"typo\.mjs" \(from --plugins-dir\) failed to load/);
  });

  it('a missing folder is an error', async () => {
    await assert.rejects(loadPluginsDir(path.join(dir, 'nope')), /Plugins directory not found/);
  });

  it('a file plugin without a name is named after its file', async () => {
    const d = tmp();
    writeFileSync(path.join(d, 'anon.mjs'), 'export default { name: "", hooks: {} };');
    const [plugin] = await loadPluginsDir(d);
    assert.match(plugin.name, /anon\.mjs/);
  });
});
