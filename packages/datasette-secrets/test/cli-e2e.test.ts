/**
 * The real `datasette secrets generate-encryption-key`, spawned from the host's built bin with
 * the plugin discovered as an installed package. Needs both packages built (npm test builds
 * first); skipped with a note when they are not.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Keyring } from '../src/crypto/index.js';

const BIN = fileURLToPath(new URL('../../datasette/bin/datasette.js', import.meta.url));
const BUILT = [
  new URL('../../datasette/dist/cli/main.js', import.meta.url),
  new URL('../dist/index.js', import.meta.url),
].every((url) => existsSync(fileURLToPath(url)));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, DATASETTE_LOAD_PLUGINS: 'datasette-secrets', NODE_OPTIONS: '' },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe('datasette secrets (the real command)', {
  skip: !BUILT && 'run `npm run build` first',
}, () => {
  it('generate-encryption-key prints a valid key and a newline, exit 0', () => {
    const r = run(['secrets', 'generate-encryption-key']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^[A-Za-z0-9_-]{43}=\n$/);
    assert.equal(r.stderr, '');
    const ring = Keyring.single(r.stdout);
    assert.equal(ring.decrypt(ring.encrypt('Secret message').token, 'default'), 'Secret message');
  });

  it('-s permissions.manage-secrets.id root grants the pages to root', () => {
    const key = '-LujHtwFWGaBpznrV1zduoZBmCnMOW7J0H5hmeXgAVo=';
    const args = ['-s', 'plugins.datasette-secrets.encryption_key', key, '--get', '/-/secrets'];
    const grant = ['-s', 'permissions.manage-secrets.id', 'root'];
    const asRoot = ['--actor', '{"id":"root"}'];
    const granted = run([...grant, ...args, ...asRoot]);
    assert.equal(granted.status, 0, granted.stderr);
    assert.match(granted.stdout, /<a href="\/-\/secrets">Manage secrets<\/a>/);
    assert.match(granted.stderr, /in-memory internal database/, 'the in-memory warning');
    const denied = run([...grant, ...args, '--actor', '{"id":"other"}']);
    assert.notEqual(denied.status, 0, 'another actor gets a 403');
  });

  it('a malformed key stops startup with one line naming the setting, never the key', () => {
    const r = run([
      '-s',
      'plugins.datasette-secrets.encryption_key',
      'hunter2-not-a-key',
      '--get',
      '/',
    ]);
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      /^Error: datasette-secrets: plugins\.datasette-secrets\.encryption_key is not a valid encryption key/,
    );
    assert.ok(!`${r.stdout}${r.stderr}`.includes('hunter2'));
  });

  it('is listed in the help of the secrets group', () => {
    const r = run(['secrets', '--help']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /generate-encryption-key/);
  });
});
