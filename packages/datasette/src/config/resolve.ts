/**
 * `$env` / `$file` substitution in plugin config (Python's `resolve_env_secrets`) and redaction
 * for `/-/config`. Substitution runs on every `plugin_config` call and nothing is cached, so a
 * changed environment variable or file is seen at once; it must therefore stay cheap and pure.
 */
import { readFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { ConfigError } from './errors.js';
import { isPlainObject, setOwn } from './object.js';

/**
 * Where substitutions read from; defaults are `process.env` and `process.cwd()`.
 * @example resolveSubstitutions(config, { env: {}, baseDir: '/etc/datasette' } satisfies ResolveOptions);
 */
export interface ResolveOptions {
  env?: NodeJS.ProcessEnv;
  baseDir?: string;
}

/**
 * What `/-/config` shows in place of a redacted value.
 * @example redactConfig({ token: 't' }).token === REDACTED; // true
 */
export const REDACTED = '***';

/**
 * Key fragments that mark a value as secret: Python's list, matched case-insensitively (Python
 * is case-sensitive; `API_KEY` should be hidden too).
 * @example SECRET_KEY_PATTERN.test('encryption-key'); // true
 */
export const SECRET_KEY_PATTERN = /secret|key|password|token|hash|dsn/i;

function substitute(
  obj: Record<string, unknown>,
  env: NodeJS.ProcessEnv,
  baseDir: string,
): unknown {
  if (Object.hasOwn(obj, '$env')) {
    const name = obj.$env;
    if (typeof name !== 'string') {
      throw new ConfigError('SUBSTITUTION', '$env must be the name of an environment variable');
    }
    return env[name] ?? null;
  }
  const file = obj.$file;
  if (typeof file !== 'string') {
    throw new ConfigError('SUBSTITUTION', '$file must be a file path string');
  }
  try {
    // Whole content, not trimmed: Python keeps the trailing newline, and so do we.
    return readFileSync(resolvePath(baseDir, file), 'utf8');
  } catch (error) {
    // The errno code only: an error message could quote contents of a half-read file.
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new ConfigError('SUBSTITUTION', `Could not read $file "${file}": ${code}`);
  }
}

/**
 * Replaces every `{ $env: NAME }` with that variable's value (or `null` when unset) and every
 * `{ $file: PATH }` with the whole file's text, walking objects and arrays. An object with any
 * key besides `$env` / `$file` is left as it is (its children are still walked). The input is
 * not mutated.
 * @throws ConfigError `SUBSTITUTION` when a `$file` cannot be read (the message names the path,
 *   never the content).
 * @example
 * resolveSubstitutions({ key: { $env: 'API_KEY' } }, { env: { API_KEY: 'k' } }); // { key: 'k' }
 */
export function resolveSubstitutions(value: unknown, opts: ResolveOptions = {}): unknown {
  const env = opts.env ?? process.env;
  const baseDir = opts.baseDir ?? process.cwd();
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isPlainObject(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1 && (keys[0] === '$env' || keys[0] === '$file')) {
      return substitute(node, env, baseDir);
    }
    const result: Record<string, unknown> = {};
    for (const key of keys) setOwn(result, key, walk(node[key]));
    return result;
  };
  return walk(value);
}

/**
 * A deep copy of a config for display, with the value of every key whose name contains
 * secret, key, password, token, hash or dsn (any case) replaced by `"***"`, whatever that value
 * is: a string, a `{ $env }` reference or a whole object.
 * @example redactConfig({ plugins: { x: { 'api-key': 'k', n: 1 } } }); // { plugins: { x: { 'api-key': '***', n: 1 } } }
 */
export function redactConfig<T>(config: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isPlainObject(node)) return node;
    const result: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      setOwn(result, key, SECRET_KEY_PATTERN.test(key) ? REDACTED : walk(value));
    }
    return result;
  };
  return walk(config) as T;
}
