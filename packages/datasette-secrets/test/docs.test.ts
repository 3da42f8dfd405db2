/**
 * Keeps the docs in step with the code: every error code is documented in docs/secrets.md (and
 * nothing else is), every export is in the README's API table, and the README maps the Python
 * names users know.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as api from '../src/index.js';
import { ERROR_CODES } from '../src/index.js';

const reference = readFileSync(new URL('../../../docs/secrets.md', import.meta.url), 'utf8');
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The body of a `## heading` section. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`## ${heading}\n`);
  assert.ok(start >= 0, `missing section ${heading}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

describe('docs/secrets.md', () => {
  const table = section(reference, 'Error codes');
  const documented = [...table.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

  it('documents every error code', () => {
    const missing = Object.keys(ERROR_CODES).filter((code) => !documented.includes(code));
    assert.deepEqual(missing, []);
  });

  it('documents no code that does not exist', () => {
    const extra = documented.filter((code) => !(code in ERROR_CODES));
    assert.deepEqual(extra, []);
  });
});

describe('the package README', () => {
  it('lists every export in its API table', () => {
    const apiTable = section(readme, 'For plugin authors');
    const missing = Object.keys(api).filter((name) => !apiTable.includes(`\`${name}`));
    assert.deepEqual(missing, []);
  });

  it('maps the Python names to ours', () => {
    const python = section(readme, 'For plugin authors');
    for (const name of [
      'get_secret',
      'register_secrets',
      'Secret(',
      'obtain_url',
      'obtain_label',
      'InvalidToken',
      'encryption-key',
      'manage-secrets',
      'DATASETTE_SECRETS_',
    ]) {
      assert.ok(python.includes(name), name);
    }
  });

  it('says when EXAMPLE_SECRET is registered', () => {
    assert.match(
      readme,
      /`EXAMPLE_SECRET` \("An example secret"\) is registered only when no plugin registers any secret/,
    );
  });
});
