/**
 * Reading a config file (`-c/--config`, `datasette.yaml` in a config directory). Like Python's
 * `parse_metadata`, the text is JSON if it parses as JSON and YAML otherwise, whatever the file
 * extension. YAML is read in 1.1 mode because PyYAML reads 1.1: `on`/`yes` are booleans and `0777`
 * is octal, so a file means the same thing to both hosts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError } from './errors.js';
import { isPlainObject } from './object.js';

// The YAML parser is loaded only when a config is not JSON: it is the largest module the host
// would otherwise keep in memory for a one-off parse.
const requireYaml = () => createRequire(import.meta.url)('yaml') as typeof import('yaml');

export type { AllowBlock, Config, DatabaseConfig, QueryConfig, TableConfig } from './schema.js';
export { validateConfig } from './schema.js';

/** Plain words for the usual reasons a file cannot be read; other errno codes are shown as is. */
const READ_ERRORS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
};

const TIMESTAMP_TAG = 'tag:yaml.org,2002:timestamp';

/**
 * Parses YAML 1.1. An error becomes one line without the source excerpt the library would
 * append, because that excerpt may be a line holding a secret.
 */
function parseYaml(text: string, source: string): unknown {
  const { LineCounter, parseDocument } = requireYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    version: '1.1',
    prettyErrors: false,
    lineCounter,
    // PyYAML turns 2024-01-01 into a date; we keep it a string so the config stays JSON.
    customTags: (tags) =>
      tags.filter((tag) => typeof tag === 'string' || tag.tag !== TIMESTAMP_TAG),
  });
  const error = doc.errors[0];
  if (error === undefined) return doc.toJS();
  const { line, col } = lineCounter.linePos(error.pos[0]);
  const message =
    error.code === 'MULTIPLE_DOCS'
      ? 'a config file must hold a single YAML document'
      : error.message.split('\n')[0];
  throw new ConfigError('CONFIG_PARSE', `${source}:${line}:${col}: ${message} (not JSON or YAML)`);
}

/**
 * Parses config text: JSON first, then YAML 1.1. An empty file (or one holding only comments or
 * `null`) is `{}`.
 * @throws ConfigError `CONFIG_PARSE` with `source:line:column: message` for bad YAML, or
 *   `CONFIG_SHAPE` when the top level is not an object.
 * @example parseConfigText('settings:\n  base_url: /data/\n', 'datasette.yaml'); // { settings: { base_url: '/data/' } }
 */
export function parseConfigText(text: string, source: string): Record<string, unknown> {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = parseYaml(body, source);
  }
  if (parsed === null || parsed === undefined) return {};
  if (!isPlainObject(parsed)) {
    const kind = Array.isArray(parsed) ? 'a list' : `a ${typeof parsed}`;
    throw new ConfigError(
      'CONFIG_SHAPE',
      `${source} must hold an object of key: value pairs at the top level, not ${kind}`,
    );
  }
  return parsed;
}

/**
 * Reads and parses a config file.
 * @throws ConfigError `CONFIG_READ` naming the path when the file is missing or unreadable, or
 *   the errors of {@link parseConfigText}.
 * @example const raw = loadConfigFile('datasette.yaml');
 */
export function loadConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    const why = READ_ERRORS[code] ?? code;
    throw new ConfigError('CONFIG_READ', `Could not read config file "${path}": ${why}`);
  }
  return parseConfigText(text, path);
}
