/**
 * The `registerSecrets` hook: order, duplicates, name validation, EXAMPLE_SECRET and caching.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Datasette, StartupError } from 'datasette';
import type { Secret } from '../src/index.js';
import secretsPlugin, { registeredSecrets, SecretsStartupError } from '../src/index.js';
import {
  captureOutput,
  registering,
  secretOnePlugin,
  secretTwoPlugin,
  startHost,
  tempPath,
} from './helpers.js';

async function startupError(secrets: unknown, pluginName = 'bad-plugin'): Promise<unknown> {
  const ds = new Datasette({
    env: {},
    internal: tempPath('internal.db'),
    plugins: [secretsPlugin, registering(pluginName, secrets as Secret[])],
  });
  try {
    await ds.invokeStartup();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await ds.close();
  }
}

describe('registration', () => {
  it('lists secrets in plugin order; the first registration of a name wins', async () => {
    const { result: ds, output } = await captureOutput(() =>
      startHost({ extra: [secretOnePlugin, secretTwoPlugin] }),
    );
    const secrets = await registeredSecrets(ds);
    assert.deepEqual(
      secrets.map((s) => [s.name, s.plugin]),
      [
        ['OPENAI_API_KEY', 'SecretOnePlugin'],
        ['ANTHROPIC_API_KEY', 'SecretOnePlugin'],
        ['OPENCAGE_API_KEY', 'SecretTwoPlugin'],
      ],
    );
    assert.equal(secrets[0].description, undefined, "the second plugin's description is ignored");
    const warnings = output.split('\n').filter((l) => l.includes('OPENAI_API_KEY'));
    assert.equal(warnings.length, 1, 'one warning');
    assert.match(warnings[0], /"SecretOnePlugin".*"SecretTwoPlugin"/);
  });

  it('warns once per host, however often the registry is read', async () => {
    const { output } = await captureOutput(async () => {
      const ds = await startHost({ extra: [secretOnePlugin, secretTwoPlugin] });
      await registeredSecrets(ds);
      ds.pm.register(registering('another', [{ name: 'X_KEY' }]));
      await registeredSecrets(ds);
    });
    assert.equal(output.match(/registered by both/g)?.length, 1);
  });

  it('accepts an async hook', async () => {
    const ds = await startHost({
      extra: [registering('async', async () => [{ name: 'ASYNC_KEY', description: 'later' }])],
    });
    assert.deepEqual(
      (await registeredSecrets(ds)).map((s) => s.name),
      ['ASYNC_KEY'],
    );
  });

  it('EXAMPLE_SECRET only when no plugin registers any secret', async () => {
    const none = await startHost();
    assert.deepEqual(
      (await registeredSecrets(none)).map((s) => [s.name, s.description]),
      [['EXAMPLE_SECRET', 'An example secret']],
    );
    const empty = await startHost({ extra: [registering('empty', [])] });
    assert.deepEqual(
      (await registeredSecrets(empty)).map((s) => s.name),
      ['EXAMPLE_SECRET'],
    );
    const some = await startHost({ extra: [registering('some', [{ name: 'REAL_KEY' }])] });
    assert.deepEqual(
      (await registeredSecrets(some)).map((s) => s.name),
      ['REAL_KEY'],
    );
  });

  it('sees plugins registered and removed after startup', async () => {
    const ds = await startHost({ extra: [registering('a', [{ name: 'A_KEY' }])] });
    assert.deepEqual(
      (await registeredSecrets(ds)).map((s) => s.name),
      ['A_KEY'],
    );
    ds.pm.register(registering('b', [{ name: 'B_KEY' }]));
    assert.deepEqual(
      (await registeredSecrets(ds)).map((s) => s.name),
      ['A_KEY', 'B_KEY'],
    );
    ds.pm.unregister('b');
    assert.deepEqual(
      (await registeredSecrets(ds)).map((s) => s.name),
      ['A_KEY'],
    );
  });

  it('does not re-run hooks while the plugin set is unchanged', async () => {
    let calls = 0;
    const counting = registering('counting', async () => {
      calls++;
      return [{ name: 'COUNTED' }];
    });
    const ds = await startHost({ extra: [counting] });
    await Promise.all([registeredSecrets(ds), registeredSecrets(ds), registeredSecrets(ds)]);
    assert.equal(calls, 1);
  });
});

describe('validation at startup', () => {
  for (const name of [
    '1PASSWORD',
    'HAS SPACE',
    'DASH-KEY',
    '',
    '<script>alert(1)</script>',
    'KEY\n',
    'ÜMLAUT',
  ]) {
    it(`rejects the name ${JSON.stringify(name)}, naming the plugin`, async () => {
      const error = await startupError([{ name }]);
      assert.ok(error instanceof SecretsStartupError && error instanceof StartupError);
      assert.equal(error.reason, 'REGISTRATION_INVALID_NAME');
      assert.match(error.message, /plugin "bad-plugin" registered the secret name/);
    });
  }

  it('accepts letters, digits and underscores not starting with a digit', async () => {
    assert.equal(
      await startupError([{ name: '_a1' }, { name: 'A_B_2' }, { name: 'lower' }]),
      undefined,
    );
  });

  it('reserves ENCRYPTION_KEY, whose variable usually holds the plugin key', async () => {
    const error = await startupError([{ name: 'ENCRYPTION_KEY' }]);
    assert.ok(error instanceof SecretsStartupError);
    assert.equal(error.reason, 'REGISTRATION_RESERVED_NAME');
  });

  for (const [label, result] of [
    ['not a list', { name: 'X' }],
    ['a non-object entry', ['X']],
    ['a non-string name', [{ name: 5 }]],
    ['a non-string description', [{ name: 'X', description: 5 }]],
  ] as const) {
    it(`rejects a hook result with ${label}`, async () => {
      const error = await startupError(result);
      assert.ok(error instanceof SecretsStartupError);
      assert.equal(error.reason, 'REGISTRATION_BAD_RESULT');
      assert.match(error.message, /bad-plugin/);
    });
  }

  it('drops (and warns about) an obtainUrl that is not http(s)', async () => {
    const { result: ds, output } = await captureOutput(() =>
      startHost({
        extra: [
          registering('p', [{ name: 'X', obtainUrl: 'javascript:alert(1)', obtainLabel: 'Get' }]),
        ],
      }),
    );
    const [secret] = await registeredSecrets(ds);
    assert.equal(secret.obtainUrl, undefined);
    assert.match(output, /obtainUrl is not an http\(s\) URL/);
  });
});
