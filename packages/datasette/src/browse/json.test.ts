import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError } from '../web/errors.js';
import { parseShape, rowObjects, shapeJson, toJson } from './json.js';

describe('toJson', () => {
  it('writes big integers exactly and BLOBs as $base64', () => {
    assert.equal(
      toJson({ a: 2n ** 63n - 1n, b: Buffer.from('hi'), c: [1, null, 'x'] }),
      '{"a":9223372036854775807,"b":{"$base64":true,"encoded":"aGk="},"c":[1,null,"x"]}',
    );
  });

  it('matches JSON.stringify for plain values and skips undefined keys', () => {
    const value = { s: 'quote " and \u2028', n: 1.5, t: true, nested: { x: [] }, u: undefined };
    assert.equal(toJson(value), JSON.stringify(value));
    assert.equal(toJson(Number.POSITIVE_INFINITY), 'null');
  });
});

describe('shapes', () => {
  const columns = ['id', 'name'];
  const rows = [
    [1, 'a'],
    [2, 'b'],
  ];
  const body = { ok: true, next: null };

  it('objects (default), arrays, array, arrayfirst and object', () => {
    assert.deepEqual(JSON.parse(shapeJson({ shape: 'objects', columns, rows, body })), {
      ok: true,
      next: null,
      rows: [
        { id: 1, name: 'a' },
        { id: 2, name: 'b' },
      ],
    });
    assert.deepEqual(JSON.parse(shapeJson({ shape: 'arrays', columns, rows, body })), {
      ...body,
      columns,
      rows,
    });
    assert.deepEqual(JSON.parse(shapeJson({ shape: 'array', columns, rows, body })), [
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ]);
    assert.equal(
      shapeJson({ shape: 'array', columns, rows, body, nl: true }),
      '{"id":1,"name":"a"}\n{"id":2,"name":"b"}',
    );
    assert.equal(shapeJson({ shape: 'arrayfirst', columns, rows, body }), '[1,2]');
    assert.deepEqual(
      JSON.parse(shapeJson({ shape: 'object', columns, rows, body, keyOf: (r) => `k${r[0]}` })),
      {
        k1: { id: 1, name: 'a' },
        k2: { id: 2, name: 'b' },
      },
    );
  });

  it('a column or key called __proto__ is an ordinary key', () => {
    const [obj] = rowObjects(['__proto__'], [['x']]);
    assert.equal(toJson(obj), '{"__proto__":"x"}');
  });

  it('parseShape refuses unknown shapes and object outside tables', () => {
    assert.equal(parseShape(null, false), 'objects');
    assert.throws(() => parseShape('nope', true), HttpError);
    assert.throws(() => parseShape('object', false), /only available for table pages/);
  });
});
