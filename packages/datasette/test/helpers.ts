/**
 * Shared helpers for the host's integration tests: temporary SQLite files, a fresh host per test,
 * and cookie plumbing for following the app's responses the way a browser would.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Database, Datasette, type DatasetteOptions } from '../src/index.js';

/** A fresh temporary directory, removed by the returned `cleanup`. */
export function tempDir(prefix = 'ds-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Create a SQLite file in `dir` holding the given schema; returns its path. */
export function makeDb(
  dir: string,
  name = 'data',
  sql = 'create table birds (id integer primary key, name text);',
): string {
  const file = path.join(dir, `${name}.db`);
  const db = new Database({ name, path: file, create: true });
  db.exec(sql);
  db.close();
  return file;
}

/** A host for one test; `close()` it when done (the tests' `after` hooks do). */
export function makeDatasette(options: DatasetteOptions = {}): Datasette {
  return new Datasette({ secret: 'test-secret', ...options });
}

/**
 * The cookies a response sets, as name → { value, attributes }. A deleted cookie has
 * `maxAge: 0`.
 */
export function setCookies(
  res: Response,
): Map<string, { value: string; maxAge?: number; raw: string }> {
  const out = new Map<string, { value: string; maxAge?: number; raw: string }>();
  for (const raw of res.headers.getSetCookie()) {
    const [pair, ...attrs] = raw.split(';').map((s) => s.trim());
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq);
    const value = decodeURIComponent(pair.slice(eq + 1));
    const maxAgeAttr = attrs.find((a) => a.toLowerCase().startsWith('max-age='));
    out.set(name, {
      value,
      raw,
      maxAge: maxAgeAttr === undefined ? undefined : Number(maxAgeAttr.split('=')[1]),
    });
  }
  return out;
}

/** The standard JSON error body. */
export interface ErrorBody {
  ok: false;
  error: string;
  errors: string[];
  status: number;
}
