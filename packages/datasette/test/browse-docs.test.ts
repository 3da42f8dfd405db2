/**
 * Keeps docs/browse.md in step with the browse code: every `_extra`, `_shape`, special argument,
 * limit constant and query error code it relies on is documented.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { EXTRAS } from '../src/browse/args.js';
import { COUNT_TIME_LIMIT_MS, INLINE_COUNT_ROWS } from '../src/browse/counts.js';
import { SHAPES } from '../src/browse/json.js';

const doc = readFileSync(new URL('../../../docs/browse.md', import.meta.url), 'utf8');

describe('docs/browse.md', () => {
  it('documents every _extra and _shape', () => {
    for (const extra of EXTRAS) assert.ok(doc.includes(`\`${extra}\``), `_extra ${extra}`);
    for (const shape of SHAPES) assert.ok(doc.includes(`| \`${shape}\` |`), `_shape ${shape}`);
  });

  it('documents every special argument the pages read', () => {
    for (const arg of [
      '_size',
      '_sort',
      '_sort_desc',
      '_next',
      '_shape',
      '_extra',
      '_nl',
      '_timelimit',
      '_filter_column',
    ]) {
      assert.ok(doc.includes(`\`${arg}`), arg);
    }
  });

  it('states the count limits the code uses', () => {
    assert.ok(doc.includes(`${INLINE_COUNT_ROWS.toLocaleString('en-US')} (\`INLINE_COUNT_ROWS\`)`));
    assert.ok(doc.includes(`${COUNT_TIME_LIMIT_MS} ms limit (\`COUNT_TIME_LIMIT_MS\``));
  });

  it('gives every URL and the permission it checks', () => {
    for (const url of [
      '`/DB.json`',
      '`/DB/TABLE.json`',
      '`/DB/TABLE/PK.json`',
      '`/DB/-/query.json`',
      '`/DB?sql=…`',
    ]) {
      assert.ok(doc.includes(url), url);
    }
    for (const action of ['view-instance', 'view-database', 'view-table', 'execute-sql']) {
      assert.ok(doc.includes(`\`${action}\``), action);
    }
  });
});
