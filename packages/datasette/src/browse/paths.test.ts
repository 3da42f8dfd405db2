import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NotFound } from '../web/errors.js';
import { parseBrowsePath, tildeRedirect } from './paths.js';

describe('parseBrowsePath', () => {
  it('recognises each page and the .json suffix', () => {
    assert.deepEqual(parseBrowsePath('/data'), { kind: 'database', database: 'data', json: false });
    assert.deepEqual(parseBrowsePath('/data.json'), {
      kind: 'database',
      database: 'data',
      json: true,
    });
    assert.deepEqual(parseBrowsePath('/data/birds.json'), {
      kind: 'table',
      database: 'data',
      table: 'birds',
      json: true,
    });
    assert.deepEqual(parseBrowsePath('/data/-/query.json'), {
      kind: 'query',
      database: 'data',
      json: true,
    });
    assert.deepEqual(parseBrowsePath('/data/c/a~2Cb,2.json'), {
      kind: 'row',
      database: 'data',
      table: 'c',
      pk: ['a,b', '2'],
      json: true,
    });
  });

  it('tilde-decodes names, so dots, slashes and spaces work', () => {
    const p = parseBrowsePath('/my~2Edb/odd~2Ename~2Fx+y~2Ejson');
    assert.deepEqual(p, {
      kind: 'table',
      database: 'my.db',
      table: 'odd.name/x y.json',
      json: false,
    });
  });

  it('refuses other formats, /-/ at the database level and deep paths', () => {
    for (const path of [
      '/data.csv',
      '/data/birds.xml',
      '/-',
      '/-/x',
      '/data/-/other',
      '/a/b/c/d',
      '/data//x',
    ]) {
      assert.throws(() => parseBrowsePath(path), NotFound, path);
    }
  });
});

describe('tildeRedirect', () => {
  it('turns percent-encoded names into tilde-encoded ones', () => {
    assert.equal(tildeRedirect('/data/my%20table'), '/data/my+table');
    assert.equal(tildeRedirect('/data/my%20table.json'), '/data/my+table.json');
    assert.equal(tildeRedirect('/data/t%2Fx/a%2Cb'), '/data/t~2Fx/a,b');
    assert.equal(tildeRedirect('/d%C3%A9/t'), '/d~C3~A9/t');
  });

  it('leaves paths without % alone, and gives up on broken escapes', () => {
    assert.equal(tildeRedirect('/data/birds'), null);
    assert.equal(tildeRedirect('/data/%zz'), null);
  });
});
