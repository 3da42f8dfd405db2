import assert from 'node:assert/strict';
import { createDecipheriv, createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { generateEncryptionKey, registerSecretsCommands } from './cli.js';
import { Keyring } from './crypto/index.js';
import secretsPlugin from './index.js';

/** Run `datasette secrets …` against a fresh program, capturing what it prints. */
async function run(args: string[]): Promise<string> {
  const program = new Command('datasette').exitOverride();
  let out = '';
  registerSecretsCommands({ program }, { out: (text) => (out += text) });
  await program.parseAsync(args, { from: 'user' });
  return out;
}

describe('datasette secrets generate-encryption-key (ported from test_generate_command)', () => {
  it('prints a working key and a newline', async () => {
    const out = await run(['secrets', 'generate-encryption-key']);
    assert.match(out, /^[A-Za-z0-9_-]{43}=\n$/);
    const key = out.trim();
    const ring = Keyring.single(key); // throws if the key is invalid
    const { token } = ring.encrypt('Secret message');
    assert.equal(ring.decrypt(token, 'default'), 'Secret message');
    // And an independent Fernet check (HMAC key = first half, AES key = second half).
    const raw = Buffer.from(key, 'base64url');
    const data = Buffer.from(token, 'base64url');
    const mac = createHmac('sha256', raw.subarray(0, 16)).update(data.subarray(0, -32)).digest();
    assert.deepEqual(mac, data.subarray(-32));
    const aes = createDecipheriv('aes-128-cbc', raw.subarray(16), data.subarray(9, 25));
    const plain = Buffer.concat([aes.update(data.subarray(25, -32)), aes.final()]).toString();
    assert.equal(plain, 'Secret message');
  });

  it('prints a different key each time', async () => {
    const keys = new Set(
      await Promise.all([1, 2, 3].map(() => run(['secrets', 'generate-encryption-key']))),
    );
    assert.equal(keys.size, 3);
  });

  it('writes to stdout by default, through the plugin hook', async () => {
    const program = new Command('datasette').exitOverride();
    secretsPlugin.hooks.registerCommands({ program });
    const chunks: string[] = [];
    const saved = process.stdout.write;
    // Record and pass on: the test runner reports through this stream too.
    process.stdout.write = ((chunk: string, ...rest: unknown[]) => {
      chunks.push(String(chunk));
      return (saved as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
    }) as typeof process.stdout.write;
    try {
      await program.parseAsync(['secrets', 'generate-encryption-key'], { from: 'user' });
    } finally {
      process.stdout.write = saved;
    }
    assert.equal(chunks.filter((c) => /^[A-Za-z0-9_-]{43}=\n$/.test(c)).length, 1);
  });

  it('the group lists its commands in help', () => {
    const program = new Command('datasette');
    registerSecretsCommands({ program });
    const group = program.commands.find((c) => c.name() === 'secrets');
    assert.ok(group);
    assert.deepEqual(
      group.commands.map((c) => c.name()),
      ['generate-encryption-key'],
    );
    assert.match(group.helpInformation(), /generate-encryption-key/);
  });

  it('generateEncryptionKey() gives the same format', () => {
    assert.match(generateEncryptionKey(), /^[A-Za-z0-9_-]{43}=$/);
  });
});
