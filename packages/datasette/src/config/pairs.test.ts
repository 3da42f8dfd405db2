import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from './errors.js';
import { deepMerge, settingPairsToConfig } from './pairs.js';

describe('settingPairsToConfig', () => {
  it('nests a dotted key: -s permissions.manage-secrets.id root', () => {
    assert.deepEqual(settingPairsToConfig([['permissions.manage-secrets.id', 'root']]), {
      permissions: { 'manage-secrets': { id: 'root' } },
    });
  });

  it('turns a bare setting name into settings.<name>, type-checked', () => {
    assert.deepEqual(settingPairsToConfig([['sql_time_limit_ms', '3500']]), {
      settings: { sql_time_limit_ms: 3500 },
    });
    assert.deepEqual(settingPairsToConfig([['allow_download', 'off']]), {
      settings: { allow_download: false },
    });
    assert.deepEqual(settingPairsToConfig([['base_url', '/prefix/']]), {
      settings: { base_url: '/prefix/' },
    });
  });

  it('rejects a bare setting with a badly typed value', () => {
    assert.throws(
      () => settingPairsToConfig([['sql_time_limit_ms', 'fast']]),
      (error) => error instanceof ConfigError && error.code === 'INVALID_SETTING_VALUE',
    );
  });

  it('parses values as JSON when they are JSON, else keeps the raw string', () => {
    const config = settingPairsToConfig([
      ['plugins.p.n', '5'],
      ['plugins.p.flag', 'true'],
      ['plugins.p.list', '["a", "b"]'],
      ['plugins.p.obj', '{"id": "root"}'],
      ['plugins.p.text', 'hello world'],
      ['plugins.p.broken', '{"id": '],
      ['plugins.p.nothing', 'null'],
    ]);
    assert.deepEqual(config, {
      plugins: {
        p: {
          n: 5,
          flag: true,
          list: ['a', 'b'],
          obj: { id: 'root' },
          text: 'hello world',
          broken: '{"id": ',
          nothing: null,
        },
      },
    });
  });

  it('rejects a bare name that is neither a setting nor a config section, with a hint', () => {
    assert.throws(
      () => settingPairsToConfig([['sql_time_limit_m', '5']]),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.code === 'INVALID_SETTING' &&
        error.message.includes("'sql_time_limit_m'") &&
        error.message.includes("did you mean 'sql_time_limit_ms'"),
    );
    assert.deepEqual(settingPairsToConfig([['allow', '{"id": "root"}']]), {
      allow: { id: 'root' },
    });
  });

  it('does not type-check a dotted settings key (validateSettings does that later)', () => {
    assert.deepEqual(settingPairsToConfig([['settings.sql_time_limit_ms', '5000']]), {
      settings: { sql_time_limit_ms: 5000 },
    });
  });

  it('splits on every dot, with no escaping', () => {
    assert.deepEqual(settingPairsToConfig([['plugins.datasette-x.host', 'example.com']]), {
      plugins: { 'datasette-x': { host: 'example.com' } },
    });
    assert.deepEqual(settingPairsToConfig([['a.b.c.d', '1']]), { a: { b: { c: { d: 1 } } } });
  });

  it('merges pairs together, later pairs winning', () => {
    const config = settingPairsToConfig([
      ['permissions.manage-secrets.id', 'root'],
      ['permissions.view-instance', 'true'],
      ['permissions.manage-secrets.id', '["root", "admin"]'],
    ]);
    assert.deepEqual(config, {
      permissions: { 'manage-secrets': { id: ['root', 'admin'] }, 'view-instance': true },
    });
  });

  it('lets a later scalar replace an earlier object, and the reverse', () => {
    assert.deepEqual(
      settingPairsToConfig([
        ['allow.b', '1'],
        ['allow', '2'],
      ]),
      { allow: 2 },
    );
    assert.deepEqual(
      settingPairsToConfig([
        ['allow', '2'],
        ['allow.b', '1'],
      ]),
      { allow: { b: 1 } },
    );
  });

  it('cannot pollute Object.prototype', () => {
    const config = settingPairsToConfig([['__proto__.polluted', 'yes']]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyNames(config), ['__proto__']);
  });

  it('returns {} for no pairs', () => {
    assert.deepEqual(settingPairsToConfig([]), {});
  });
});

describe('deepMerge', () => {
  it('merges nested objects with the second argument winning', () => {
    const base = { settings: { a: 1, b: 2 }, plugins: { x: { k: 'v' } }, keep: true };
    const over = { settings: { b: 3 }, plugins: { x: { k2: 'v2' } } };
    assert.deepEqual(deepMerge(base, over), {
      settings: { a: 1, b: 3 },
      plugins: { x: { k: 'v', k2: 'v2' } },
      keep: true,
    });
  });

  it('replaces arrays rather than concatenating them', () => {
    assert.deepEqual(deepMerge({ id: ['a', 'b'] }, { id: ['c'] }), { id: ['c'] });
  });

  it('does not mutate either input', () => {
    const base = { a: { b: 1 } };
    const over = { a: { c: 2 } };
    deepMerge(base, over);
    assert.deepEqual(base, { a: { b: 1 } });
    assert.deepEqual(over, { a: { c: 2 } });
  });

  it('does not merge into inherited members', () => {
    assert.deepEqual(deepMerge({}, { constructor: { a: 1 } }), { constructor: { a: 1 } });
  });

  it('lays CLI pairs over a config file (the CLI wins)', () => {
    const file = {
      permissions: { 'manage-secrets': { id: 'admin' } },
      settings: { base_url: '/x/' },
    };
    const cli = settingPairsToConfig([['permissions.manage-secrets.id', 'root']]);
    assert.deepEqual(deepMerge(file, cli), {
      permissions: { 'manage-secrets': { id: 'root' } },
      settings: { base_url: '/x/' },
    });
  });
});
