import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfigFile, parseConfigText, validateConfig } from './load.js';
import { DEFAULT_SETTINGS } from './settings.js';
import { configError } from './testing.js';

describe('parseConfigText', () => {
  it('parses JSON', () => {
    assert.deepEqual(parseConfigText('{"settings": {"base_url": "/x/"}}', 'c.json'), {
      settings: { base_url: '/x/' },
    });
  });

  it('tries JSON first: JSON allows a repeated key that YAML would reject', () => {
    assert.deepEqual(parseConfigText('{"a": 1, "a": 2}', 'c.json'), { a: 2 });
  });

  it('falls back to YAML whatever the name says', () => {
    const text = 'plugins:\n  datasette-secrets:\n    database: secrets\n';
    assert.deepEqual(parseConfigText(text, 'config.json'), {
      plugins: { 'datasette-secrets': { database: 'secrets' } },
    });
  });

  it('reads YAML 1.1 like PyYAML: yes/on are booleans, 0777 is octal', () => {
    const parsed = parseConfigText('a: yes\nb: off\nc: 0777\nd: "0777"\n', 'c.yaml');
    assert.deepEqual(parsed, { a: true, b: false, c: 511, d: '0777' });
  });

  it('keeps dates as strings so the config stays JSON', () => {
    assert.deepEqual(parseConfigText('since: 2024-01-31\n', 'c.yaml'), { since: '2024-01-31' });
  });

  it('treats an empty or comment-only file, or null, as {}', () => {
    assert.deepEqual(parseConfigText('', 'c'), {});
    assert.deepEqual(parseConfigText('# nothing yet\n', 'c'), {});
    assert.deepEqual(parseConfigText('null', 'c'), {});
  });

  it('ignores a byte-order mark', () => {
    assert.deepEqual(parseConfigText('\ufeff{"a": 1}', 'c'), { a: 1 });
  });

  it('reports YAML errors as source:line:column: message', () => {
    const error = configError(() => parseConfigText('a:\n\t- 1\n', 'datasette.yaml'));
    assert.equal(error.code, 'CONFIG_PARSE');
    assert.equal(
      error.message,
      'datasette.yaml:2:1: Tabs are not allowed as indentation (not JSON or YAML)',
    );
    const nested = configError(() => parseConfigText('a: b: c\n', 'd.yml'));
    assert.equal(
      nested.message,
      'd.yml:1:4: Nested mappings are not allowed in compact mappings (not JSON or YAML)',
    );
  });

  it('gives the exact position of an unclosed quote', () => {
    const error = configError(() => parseConfigText('a: 1\nb: "unclosed\n', 'c.yaml'));
    assert.equal(error.message, 'c.yaml:3:1: Missing closing "quote (not JSON or YAML)');
  });

  it('never echoes the source line, which could hold a secret', () => {
    const error = configError(() => parseConfigText('key: "sk-SENTINEL\n', 'c.yaml'));
    assert.equal(error.message.includes('SENTINEL'), false);
  });

  it('rejects duplicate keys, which would silently drop a rule', () => {
    const error = configError(() => parseConfigText('allow: true\nallow: false\n', 'c.yaml'));
    assert.equal(error.message, 'c.yaml:2:1: Map keys must be unique (not JSON or YAML)');
  });

  it('rejects several YAML documents in one file', () => {
    const error = configError(() => parseConfigText('a: 1\n---\nb: 2\n', 'c.yaml'));
    assert.equal(
      error.message,
      'c.yaml:2:1: a config file must hold a single YAML document (not JSON or YAML)',
    );
  });

  it('requires an object at the top level', () => {
    const list = configError(() => parseConfigText('[1, 2]', 'c.json'));
    assert.equal(list.code, 'CONFIG_SHAPE');
    assert.equal(
      list.message,
      'c.json must hold an object of key: value pairs at the top level, not a list',
    );
    assert.match(configError(() => parseConfigText('just text', 'c')).message, /not a string$/);
    assert.match(configError(() => parseConfigText('42', 'c')).message, /not a number$/);
  });

  it('stores a __proto__ key as data instead of changing the prototype', () => {
    const parsed = parseConfigText('{"__proto__": {"polluted": true}}', 'c.json');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
  });
});

describe('loadConfigFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ds-config-'));

  it('reads and parses a file', () => {
    const path = join(dir, 'datasette.yml');
    writeFileSync(path, 'settings:\n  sql_time_limit_ms: 2500\n');
    assert.deepEqual(loadConfigFile(path), { settings: { sql_time_limit_ms: 2500 } });
  });

  it('names the path of a missing file', () => {
    const path = join(dir, 'missing.yaml');
    const error = configError(() => loadConfigFile(path));
    assert.equal(error.code, 'CONFIG_READ');
    assert.equal(error.message, `Could not read config file "${path}": it does not exist`);
  });

  it('explains a directory', () => {
    assert.match(configError(() => loadConfigFile(dir)).message, /it is a directory$/);
  });

  it('uses the path as the source of parse errors', () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'a: [\n');
    assert.ok(configError(() => loadConfigFile(path)).message.startsWith(`${path}:`));
  });
});

describe('validateConfig', () => {
  it('validates settings into the full merged set', () => {
    const config = validateConfig({ settings: { base_url: '/x/' } }, 'c');
    assert.deepEqual(config.settings, { ...DEFAULT_SETTINGS, base_url: '/x/' });
  });

  it('passes the settings errors through', () => {
    assert.equal(
      configError(() => validateConfig({ settings: { nope: 1 } }, 'c')).code,
      'INVALID_SETTING',
    );
  });

  it('keeps unknown keys and does not mutate its input', () => {
    const input = { title: 'My data', databases: { data: null } };
    const config = validateConfig(input, 'c');
    assert.equal((config as Record<string, unknown>).title, 'My data');
    assert.deepEqual(config.databases, { data: {} });
    assert.equal(input.databases.data, null);
  });

  it('turns null tables and queries into {} and keeps SQL-string queries', () => {
    const config = validateConfig(
      { databases: { data: { tables: { birds: null }, queries: { q: 'select 1' } } } },
      'c',
    );
    assert.deepEqual(config.databases?.data.tables, { birds: {} });
    assert.deepEqual(config.databases?.data.queries, { q: 'select 1' });
  });

  it('accepts every allow-block form', () => {
    const block = (allow: unknown) => ({ allow, permissions: { 'view-table': allow } });
    for (const allow of [true, false, 0, 1, null, { id: 'root' }]) {
      assert.doesNotThrow(() =>
        validateConfig({ ...block(allow), databases: { d: block(allow) } }, 'c'),
      );
    }
  });

  it('names the dotted path of a bad section', () => {
    const cases: Array<[unknown, string]> = [
      [[], "'(top level)' in c.yaml must be an object"],
      [{ plugins: [1] }, "'plugins' in c.yaml must be an object of name: value pairs"],
      [{ permissions: 'root' }, "'permissions' in c.yaml must be an object of name: value pairs"],
      [{ databases: 'data' }, "'databases' in c.yaml must be an object of name: value pairs"],
      [{ databases: { data: 3 } }, "'databases.data' in c.yaml must be an object"],
      [
        { allow: 'admin' },
        "'allow' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [
        { allow_sql: 2 },
        "'allow_sql' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [
        { permissions: { 'manage-secrets': ['root'] } },
        "'permissions.manage-secrets' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [
        { databases: { d: { tables: { t: { permissions: { 'insert-row': 'x' } } } } } },
        "'databases.d.tables.t.permissions.insert-row' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [
        { databases: { d: { tables: { t: 'x' } } } },
        "'databases.d.tables.t' in c.yaml must be an object",
      ],
      [
        { databases: { d: { queries: { q: 5 } } } },
        "'databases.d.queries.q' in c.yaml must be a SQL string or an object",
      ],
      [
        { databases: { d: { queries: { q: { allow: 'x' } } } } },
        "'databases.d.queries.q.allow' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [
        { databases: { d: { allow_sql: [] } } },
        "'databases.d.allow_sql' in c.yaml must be true, false or an allow block such as {id: root}",
      ],
      [{ extra_css_urls: '/a.css' }, "'extra_css_urls' in c.yaml must be a list of URLs"],
    ];
    for (const [input, message] of cases) {
      const error = configError(() => validateConfig(input, 'c.yaml'));
      assert.equal(error.code, 'CONFIG_SHAPE');
      assert.equal(error.message, message);
    }
  });
});
