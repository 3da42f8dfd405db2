import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { childExecArgv, workerScriptPath } from './spawn.js';

describe('childExecArgv', () => {
  it('keeps loader flags and drops test, inspector, watch and eval flags', () => {
    const parent = [
      '--conditions=source',
      '--import',
      'tsx',
      '--test',
      '--test-reporter',
      'tap',
      '--test-name-pattern=pool',
      '--experimental-test-coverage',
      '--inspect-brk=9229',
      '--inspect-port',
      '9230',
      '--watch',
      '-e',
      'console.log(1)',
      '--max-old-space-size=512',
      '--require',
      './setup.cjs',
    ];
    assert.deepEqual(childExecArgv(parent), [
      '--conditions=source',
      '--import',
      'tsx',
      '--max-old-space-size=512',
      '--require',
      './setup.cjs',
    ]);
  });

  it('defaults to this process, which under the test runner carries tsx', () => {
    assert.ok(childExecArgv().includes('tsx'));
  });
});

describe('workerScriptPath', () => {
  it('uses compiled worker.js when it exists, else worker.ts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'query-spawn-'));
    try {
      const moduleUrl = pathToFileURL(join(dir, 'pool.js')).href;
      assert.equal(workerScriptPath(moduleUrl), join(dir, 'worker.ts'));
      writeFileSync(join(dir, 'worker.js'), '');
      assert.equal(workerScriptPath(moduleUrl), join(dir, 'worker.js'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
