import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { needsTouch, sqliteNow } from './last-used.js';

describe('sqliteNow', () => {
  it("formats as SQLite's datetime('now'): UTC, to the second", () => {
    assert.equal(sqliteNow(new Date('2026-12-04T19:25:42.999Z')), '2026-12-04 19:25:42');
    assert.equal(sqliteNow(new Date('2026-12-04T19:25:42.001Z')), '2026-12-04 19:25:42');
    assert.equal(sqliteNow(new Date('1999-01-02T03:04:05+02:00')), '1999-01-02 01:04:05');
    assert.match(sqliteNow(), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  });

  it('rejects an invalid date', () => {
    assert.throws(() => sqliteNow(new Date('nonsense')), RangeError);
  });
});

describe('needsTouch', () => {
  const now = '2026-12-04 19:25:42';

  it('skips a write that would store exactly what is there', () => {
    assert.equal(needsTouch({ lastUsedAt: now, lastUsedBy: 'alice' }, 'alice', now), false);
    assert.equal(needsTouch({ lastUsedAt: now, lastUsedBy: null }, null, now), false);
    assert.equal(needsTouch({ lastUsedAt: now, lastUsedBy: null }, undefined, now), false);
  });

  it('writes for a new second, a new actor, or a never-used row', () => {
    assert.equal(
      needsTouch({ lastUsedAt: '2026-12-04 19:25:41', lastUsedBy: 'a' }, 'a', now),
      true,
    );
    assert.equal(needsTouch({ lastUsedAt: now, lastUsedBy: 'alice' }, 'bob', now), true);
    assert.equal(needsTouch({ lastUsedAt: now, lastUsedBy: 'alice' }, null, now), true);
    assert.equal(needsTouch({ lastUsedAt: null, lastUsedBy: null }, null, now), true);
  });
});
