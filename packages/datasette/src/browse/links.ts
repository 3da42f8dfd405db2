/**
 * Query-string helpers for the links on browse pages (sort, filter, next page) and the absolute
 * `next_url` of JSON responses.
 */
import type { Datasette } from '../app.js';
import type { DatasetteRequest } from '../web/request.js';

/** Percent-encodes a query-string part, leaving `,` and `~` readable (both are safe there). */
function encodePart(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ',');
}

/**
 * A query string (with its `?`, or empty) from pairs.
 * @example queryString([['_sort', 'name'], ['_next', 'a,1']]) // '?_sort=name&_next=a,1'
 */
export function queryString(pairs: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [key, value] of pairs) parts.push(`${encodePart(key)}=${encodePart(value)}`);
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/**
 * The current arguments with some replaced or removed (`null`), keeping the order of the rest.
 * @example withArgs(new URLSearchParams('a=1&_next=x'), { _next: null, _sort: 'a' }) // '?a=1&_sort=a'
 */
export function withArgs(query: URLSearchParams, changes: Record<string, string | null>): string {
  const pairs: [string, string][] = [];
  for (const [key, value] of query) {
    if (!Object.hasOwn(changes, key)) pairs.push([key, value]);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (value !== null) pairs.push([key, value]);
  }
  return queryString(pairs);
}

/**
 * The arguments without one `key=value` pair (the "remove this filter" links).
 * @example withoutPair(new URLSearchParams('a=1&b=2'), 'a', '1') // '?b=2'
 */
export function withoutPair(query: URLSearchParams, key: string, value: string): string {
  const pairs = [...query].filter(([k, v]) => !(k === key && v === value) && k !== '_next');
  return queryString(pairs);
}

/**
 * The query page of a database.
 * @example queryPath(datasette, 'data', true) // '/data/-/query.json'
 */
export function queryPath(ds: Datasette, database: string, json = false): string {
  return `${ds.urls.database(database)}/-/query${json ? '.json' : ''}`;
}

/**
 * An absolute URL for a local path, for JSON `next_url` (https with `force_https_urls`).
 * @example absoluteUrl(datasette, request, '/data/t.json?_next=5') // 'http://localhost/data/t.json?_next=5'
 */
export function absoluteUrl(ds: Datasette, request: DatasetteRequest, path: string): string {
  const protocol = ds.settings.force_https_urls ? 'https:' : request.url.protocol;
  return `${protocol}//${request.url.host}${path}`;
}
