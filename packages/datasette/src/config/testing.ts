/**
 * Test support for the config modules (excluded from the build).
 */
import assert from 'node:assert/strict';
import { ConfigError } from './errors.js';

/**
 * Runs `fn`, expecting a ConfigError; returns it for further checks.
 * @example assert.equal(configError(() => validateSettings({ x: 1 }, 'c')).code, 'INVALID_SETTING');
 */
export function configError(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a ConfigError');
}
