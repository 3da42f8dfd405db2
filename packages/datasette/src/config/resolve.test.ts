import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError } from './errors.js';
import { REDACTED, redactConfig, resolveSubstitutions } from './resolve.js';

const dir = mkdtempSync(join(tmpdir(), 'ds-resolve-'));
mkdirSync(join(dir, 'keys'));
writeFileSync(join(dir, 'keys', 'fernet.key'), 'file-secret\n');

describe('resolveSubstitutions', () => {
  const env = { API_KEY: 'env-secret', EMPTY: '' };

  it('replaces an $env-only object with the variable, or null when unset', () => {
    assert.equal(resolveSubstitutions({ $env: 'API_KEY' }, { env }), 'env-secret');
    assert.equal(resolveSubstitutions({ $env: 'EMPTY' }, { env }), '');
    assert.equal(resolveSubstitutions({ $env: 'MISSING' }, { env }), null);
  });

  it('replaces a $file-only object with the whole file, trailing newline kept', () => {
    const value = resolveSubstitutions({ $file: 'keys/fernet.key' }, { baseDir: dir });
    assert.equal(value, 'file-secret\n');
    const absolute = resolveSubstitutions({ $file: join(dir, 'keys', 'fernet.key') });
    assert.equal(absolute, 'file-secret\n');
  });

  it('walks nested objects and arrays', () => {
    const config = {
      'datasette-secrets': {
        'encryption-key': { $env: 'API_KEY' },
        keys: [{ $file: 'keys/fernet.key' }, 'literal', { deeper: { $env: 'MISSING' } }],
        n: 3,
        flag: false,
      },
    };
    assert.deepEqual(resolveSubstitutions(config, { env, baseDir: dir }), {
      'datasette-secrets': {
        'encryption-key': 'env-secret',
        keys: ['file-secret\n', 'literal', { deeper: null }],
        n: 3,
        flag: false,
      },
    });
  });

  it('leaves objects with extra keys alone, but still walks their children', () => {
    const value = { $env: 'API_KEY', other: { $env: 'API_KEY' } };
    assert.deepEqual(resolveSubstitutions(value, { env }), {
      $env: 'API_KEY',
      other: 'env-secret',
    });
    const both = { $env: 'API_KEY', $file: 'keys/fernet.key' };
    assert.deepEqual(resolveSubstitutions(both, { env, baseDir: dir }), both);
  });

  it('does not mutate its input and passes scalars through', () => {
    const input = { a: { $env: 'API_KEY' } };
    resolveSubstitutions(input, { env });
    assert.deepEqual(input, { a: { $env: 'API_KEY' } });
    assert.equal(resolveSubstitutions('x', { env }), 'x');
    assert.equal(resolveSubstitutions(null, { env }), null);
    assert.equal(resolveSubstitutions(undefined, { env }), undefined);
  });

  it('uses process.env by default', () => {
    process.env.DS_RESOLVE_TEST = 'from-process';
    try {
      assert.equal(resolveSubstitutions({ $env: 'DS_RESOLVE_TEST' }), 'from-process');
    } finally {
      delete process.env.DS_RESOLVE_TEST;
    }
  });

  it('reports an unreadable $file by path and errno code only', () => {
    assert.throws(
      () => resolveSubstitutions({ $file: 'nope.key' }, { baseDir: dir }),
      (error) =>
        error instanceof ConfigError &&
        error.code === 'SUBSTITUTION' &&
        error.message === 'Could not read $file "nope.key": ENOENT',
    );
    assert.throws(
      () => resolveSubstitutions({ $file: 'keys' }, { baseDir: dir }),
      (error) =>
        error instanceof ConfigError && error.message === 'Could not read $file "keys": EISDIR',
    );
  });

  it('rejects a non-string $env or $file', () => {
    assert.throws(() => resolveSubstitutions({ $env: 5 }), /\$env must be the name/);
    assert.throws(() => resolveSubstitutions({ $file: ['a'] }), /\$file must be a file path/);
  });
});

describe('redactConfig', () => {
  it('redacts values under secret-looking keys at any depth, in any case', () => {
    const config = {
      plugins: {
        'datasette-secrets': { 'encryption-key': 'k', database: 'secrets' },
        other: { 'encryption-key': 'k', database: 'secrets' },
        auth: {
          Password: 'p',
          API_TOKEN: 't',
          password_hash: 'h',
          sentry_dsn: 'd',
          client_secret: 's',
        },
      },
      databases: { data: { permissions: { 'manage-secrets': { id: 'root' } } } },
      list: [{ apikey: 'x', name: 'y' }],
    };
    assert.deepEqual(redactConfig(config), {
      plugins: {
        // As in Python, a matching key hides its whole value: the plugin's name contains "secret".
        'datasette-secrets': REDACTED,
        other: { 'encryption-key': REDACTED, database: 'secrets' },
        auth: {
          Password: '***',
          API_TOKEN: '***',
          password_hash: '***',
          sentry_dsn: '***',
          client_secret: '***',
        },
      },
      // `manage-secrets` contains "secret": its whole value is hidden, as Python does.
      databases: { data: { permissions: { 'manage-secrets': '***' } } },
      list: [{ apikey: '***', name: 'y' }],
    });
  });

  it('redacts a $env reference and whole objects too', () => {
    const config = { plugins: { p: { secret: { $env: 'X' }, keys: ['a', 'b'] } } };
    assert.deepEqual(redactConfig(config), { plugins: { p: { secret: '***', keys: '***' } } });
  });

  it('returns a copy and leaves the input untouched', () => {
    const config = { a: { token: 't' } };
    const redacted = redactConfig(config);
    assert.equal(config.a.token, 't');
    assert.notEqual(redacted.a, config.a);
  });
});
