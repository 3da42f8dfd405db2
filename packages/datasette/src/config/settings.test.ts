import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closestMatch, didYouMean, editDistance } from '../util/suggest.js';
import {
  coerceSettingValue,
  DEFAULT_SETTINGS,
  isSettingName,
  validateSettings,
} from './settings.js';
import { configError } from './testing.js';

describe('DEFAULT_SETTINGS', () => {
  it('has the reference defaults', () => {
    assert.equal(DEFAULT_SETTINGS.default_page_size, 100);
    assert.equal(DEFAULT_SETTINGS.max_returned_rows, 1000);
    assert.equal(DEFAULT_SETTINGS.sql_time_limit_ms, 1000);
    assert.equal(DEFAULT_SETTINGS.num_sql_threads, 3);
    assert.equal(DEFAULT_SETTINGS.max_post_body_bytes, 2097152);
    assert.equal(DEFAULT_SETTINGS.allow_signed_tokens, true);
    assert.equal(DEFAULT_SETTINGS.max_signed_tokens_ttl, 0);
    assert.equal(DEFAULT_SETTINGS.default_allow_sql, true);
    assert.equal(DEFAULT_SETTINGS.allow_download, true);
    assert.equal(DEFAULT_SETTINGS.force_https_urls, false);
    assert.equal(DEFAULT_SETTINGS.template_debug, false);
    assert.equal(DEFAULT_SETTINGS.base_url, '/');
    assert.equal(DEFAULT_SETTINGS.facet_time_limit_ms, 200);
    assert.equal(DEFAULT_SETTINGS.default_facet_size, 30);
    assert.equal(DEFAULT_SETTINGS.truncate_cells_html, 2048);
    assert.equal(Object.keys(DEFAULT_SETTINGS).length, 22);
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(DEFAULT_SETTINGS));
  });
});

describe('validateSettings', () => {
  it('merges over the defaults without touching them', () => {
    const s = validateSettings({ sql_time_limit_ms: 5000, base_url: '/db/' }, 'c.yaml');
    assert.equal(s.sql_time_limit_ms, 5000);
    assert.equal(s.base_url, '/db/');
    assert.equal(s.default_page_size, 100);
    assert.equal(DEFAULT_SETTINGS.sql_time_limit_ms, 1000);
  });

  it('treats null values, null and undefined blocks as defaults', () => {
    assert.deepEqual(validateSettings({ default_page_size: null }, 'c'), { ...DEFAULT_SETTINGS });
    assert.deepEqual(validateSettings(null, 'c'), { ...DEFAULT_SETTINGS });
    assert.deepEqual(validateSettings(undefined, 'c'), { ...DEFAULT_SETTINGS });
  });

  it('rejects an unknown setting, with a close match', () => {
    const error = configError(() => validateSettings({ sql_time_limt_ms: 5 }, 'datasette.yaml'));
    assert.equal(error.code, 'INVALID_SETTING');
    assert.equal(
      error.message,
      "Invalid setting 'sql_time_limt_ms' in datasette.yaml (did you mean 'sql_time_limit_ms'?)",
    );
  });

  it('offers no suggestion when nothing is within two edits', () => {
    const error = configError(() => validateSettings({ sql_time_limit: 1 }, 'config file'));
    assert.equal(error.message, "Invalid setting 'sql_time_limit' in config file");
  });

  it('rejects a wrong type, naming key, expected type and source', () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        { sql_time_limit_ms: '5000' },
        "Setting 'sql_time_limit_ms' in c.json must be a non-negative integer, not a string",
      ],
      [
        { default_page_size: 1.5 },
        "Setting 'default_page_size' in c.json must be a non-negative integer, not a decimal",
      ],
      [
        { default_page_size: -1 },
        "Setting 'default_page_size' in c.json must be a non-negative integer, not a negative number",
      ],
      [
        { allow_download: 'yes' },
        "Setting 'allow_download' in c.json must be true or false, not a string",
      ],
      [
        { allow_download: 1 },
        "Setting 'allow_download' in c.json must be true or false, not a number",
      ],
      [
        { max_returned_rows: true },
        "Setting 'max_returned_rows' in c.json must be a non-negative integer, not a boolean",
      ],
      [{ base_url: ['/'] }, "Setting 'base_url' in c.json must be a string, not a list"],
      [{ base_url: { a: 1 } }, "Setting 'base_url' in c.json must be a string, not an object"],
    ];
    for (const [input, message] of cases) {
      const error = configError(() => validateSettings(input, 'c.json'));
      assert.equal(error.code, 'INVALID_SETTING_VALUE');
      assert.equal(error.message, message);
    }
  });

  it('rejects a settings block that is not an object', () => {
    assert.equal(configError(() => validateSettings([1], 'c')).code, 'CONFIG_SHAPE');
    assert.equal(configError(() => validateSettings('x', 'c')).code, 'CONFIG_SHAPE');
  });

  it('does not accept inherited names such as toString', () => {
    assert.equal(isSettingName('toString'), false);
    assert.equal(configError(() => validateSettings({ toString: 1 }, 'c')).code, 'INVALID_SETTING');
  });
});

describe('coerceSettingValue', () => {
  it('accepts the boolean words in any case', () => {
    for (const word of ['on', 'true', '1', 'ON', 'True']) {
      assert.equal(coerceSettingValue('allow_download', word), true, word);
    }
    for (const word of ['off', 'false', '0', 'OFF', 'False']) {
      assert.equal(coerceSettingValue('allow_download', word), false, word);
    }
  });

  it('rejects other boolean text', () => {
    const error = configError(() => coerceSettingValue('allow_download', 'yes'));
    assert.equal(error.code, 'INVALID_SETTING_VALUE');
    assert.equal(error.message, '"allow_download" should be on/off/true/false/1/0');
  });

  it('requires integers to be all digits', () => {
    assert.equal(coerceSettingValue('sql_time_limit_ms', '3500'), 3500);
    assert.equal(coerceSettingValue('max_signed_tokens_ttl', '0'), 0);
    for (const bad of ['-1', '1.5', '1e3', ' 12', '', 'abc', '99999999999999999999']) {
      const error = configError(() => coerceSettingValue('sql_time_limit_ms', bad));
      assert.equal(error.message, '"sql_time_limit_ms" should be an integer (digits only)', bad);
    }
  });

  it('keeps string settings as raw text, even when they look like JSON', () => {
    assert.equal(coerceSettingValue('base_url', '/prefix/'), '/prefix/');
    assert.equal(coerceSettingValue('base_url', '123'), '123');
  });

  it('rejects an unknown name with a suggestion', () => {
    const error = configError(() => coerceSettingValue('base_ur', '/'));
    assert.equal(error.code, 'INVALID_SETTING');
    assert.equal(
      error.message,
      "Invalid setting 'base_ur' in -s/--setting (did you mean 'base_url'?)",
    );
  });
});

describe('suggestions', () => {
  it('computes edit distances', () => {
    assert.equal(editDistance('kitten', 'sitting'), 3);
    assert.equal(editDistance('', 'abc'), 3);
    assert.equal(editDistance('same', 'same'), 0);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('picks the closest candidate within the limit', () => {
    assert.equal(
      closestMatch('alow_download', ['allow_facet', 'allow_download']),
      'allow_download',
    );
    assert.equal(closestMatch('zzz', ['allow_download']), undefined);
    assert.equal(didYouMean('zzz', ['a']), '');
  });
});
