/**
 * Parsing browse URLs: `/DB`, `/DB/TABLE`, `/DB/TABLE/PK` and `/DB/-/query`, each optionally
 * ending in `.json`. Names are tilde-encoded, so an encoded name never contains a literal `.`
 * and the format suffix is whatever follows the last `.` of the last segment. A path that
 * contains `%` (someone typed a name with a space into the address bar) is redirected to its
 * tilde-encoded form, as Datasette does.
 */
import { tildeDecode, tildeEncode } from '../util/tilde.js';
import { NotFound } from '../web/errors.js';

/** A parsed browse URL. */
export type BrowsePath =
  | { kind: 'database'; database: string; json: boolean }
  | { kind: 'table'; database: string; table: string; json: boolean }
  | { kind: 'row'; database: string; table: string; pk: string[]; json: boolean }
  | { kind: 'query'; database: string; json: boolean };

function splitFormat(segment: string): { name: string; json: boolean } {
  const dot = segment.lastIndexOf('.');
  if (dot === -1) return { name: segment, json: false };
  if (segment.slice(dot + 1) !== 'json') throw new NotFound('Page not found');
  return { name: segment.slice(0, dot), json: true };
}

/**
 * Parses a browse path (without `base_url`). Throws `NotFound` for paths that are not browse
 * pages (an unknown `.format`, `/-/…` at the database level, too many segments).
 * @example parseBrowsePath('/data/my+table.json') // { kind: 'table', database: 'data', table: 'my table', json: true }
 */
export function parseBrowsePath(path: string): BrowsePath {
  const segments = path.split('/').slice(1);
  if (segments.length < 1 || segments.length > 3 || segments.some((s) => s === '')) {
    throw new NotFound('Page not found');
  }
  const last = splitFormat(segments[segments.length - 1] as string);
  segments[segments.length - 1] = last.name;
  const [db = '', table, pk] = segments;
  if (db === '-' || db === '') throw new NotFound('Page not found');
  const database = tildeDecode(db);
  const json = last.json;
  if (table === undefined) return { kind: 'database', database, json };
  if (table === '-') {
    if (pk === 'query') return { kind: 'query', database, json };
    throw new NotFound('Page not found');
  }
  if (pk === undefined) return { kind: 'table', database, table: tildeDecode(table), json };
  return {
    kind: 'row',
    database,
    table: tildeDecode(table),
    pk: pk.split(',').map(tildeDecode),
    json,
  };
}

/**
 * For a path containing `%`: the same path with each name percent-decoded and tilde-encoded
 * (row keys split on `,` first); null when there is nothing to redirect.
 * @example tildeRedirect('/data/my%20table') // '/data/my+table'
 */
export function tildeRedirect(path: string): string | null {
  if (!path.includes('%')) return null;
  const segments = path.split('/').slice(1);
  const out: string[] = [];
  for (const [i, segment] of segments.entries()) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return null;
    }
    const isLast = i === segments.length - 1;
    const json = isLast && decoded.endsWith('.json');
    const name = json ? decoded.slice(0, -5) : decoded;
    const encoded = i === 2 ? name.split(',').map(tildeEncode).join(',') : tildeEncode(name);
    out.push(encoded + (json ? '.json' : ''));
  }
  return `/${out.join('/')}`;
}
