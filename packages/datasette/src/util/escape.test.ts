import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml } from './escape.js';

describe('escapeHtml', () => {
  it('uses the markupsafe entities for all five special characters', () => {
    assert.equal(escapeHtml('&'), '&amp;');
    assert.equal(escapeHtml('<'), '&lt;');
    assert.equal(escapeHtml('>'), '&gt;');
    assert.equal(escapeHtml('"'), '&#34;');
    assert.equal(escapeHtml("'"), '&#39;');
  });

  it('escapes every occurrence inside mixed text', () => {
    assert.equal(
      escapeHtml(`<a href="x">Tom & Jerry's</a>`),
      '&lt;a href=&#34;x&#34;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
    assert.equal(escapeHtml('<<>>'), '&lt;&lt;&gt;&gt;');
  });

  it('does not double-escape: an existing entity has its ampersand escaped', () => {
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });

  it('leaves ordinary and unicode text unchanged', () => {
    assert.equal(escapeHtml('plain text ✓ é'), 'plain text ✓ é');
    assert.equal(escapeHtml(''), '');
  });

  it('stringifies non-string input from untyped callers', () => {
    assert.equal(escapeHtml(42 as unknown as string), '42');
  });
});
