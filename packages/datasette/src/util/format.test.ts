import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatNumber } from './format.js';

describe('formatNumber', () => {
  it('groups thousands with commas, like en-US', () => {
    for (const n of [
      0, 7, 999, 1000, 12345, 999999, 1000000, 1234567890, -1234567, 12.5, 1234.5, 1234.5678,
      0.12345,
    ]) {
      assert.equal(
        formatNumber(n),
        n.toLocaleString('en-US', { maximumFractionDigits: 20 }),
        String(n),
      );
    }
  });
});
