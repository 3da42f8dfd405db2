import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { namedParameters } from './named-params.js';

describe('namedParameters', () => {
  it('finds :name, @name and $name once each, in order', () => {
    assert.deepEqual(
      namedParameters('select * from t where a = :a and b = @b or c = $c and d = :a'),
      ['a', 'b', 'c'],
    );
  });

  it('skips strings, quoted identifiers and comments', () => {
    const sql = `select ':s', "x:y", [z:w], \`q:r\` from t -- :comment
      /* :block */ where v = :real and w = 'it''s :not'`;
    assert.deepEqual(namedParameters(sql), ['real']);
  });

  it('ignores positional parameters and lone prefixes', () => {
    assert.deepEqual(namedParameters('select ?, ?1, : , @ from t'), []);
  });

  it('survives unterminated strings and comments', () => {
    assert.deepEqual(namedParameters("select :a, 'open"), ['a']);
    assert.deepEqual(namedParameters('select :a /* open'), ['a']);
  });
});
