import { tildeEncode } from '../util/tilde.js';

/**
 * Builds URLs that respect the `base_url` setting. Database and table names are tilde-encoded,
 * as in Python Datasette.
 *
 * @example datasette.urls.table('data', 'my.table') // '/data/my~2Etable'
 */
export class Urls {
  /** The base URL, always ending in `/`. */
  readonly base: string;

  constructor(baseUrl = '/') {
    this.base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  }

  /** A path under the base URL; a path already carrying the prefix is returned unchanged. */
  path(p: string): string {
    if (this.base !== '/' && p.startsWith(this.base)) return p;
    return this.base + p.replace(/^\//, '');
  }

  /** The home page. */
  instance(): string {
    return this.base;
  }

  /** The logout page. */
  logout(): string {
    return this.path('-/logout');
  }

  /** A static asset of the host. */
  static(file: string): string {
    return this.path(`-/static/${file}`);
  }

  /** A database page. */
  database(db: string, format?: string): string {
    return this.path(tildeEncode(db) + (format ? `.${format}` : ''));
  }

  /** A table page. */
  table(db: string, table: string, format?: string): string {
    return this.path(`${tildeEncode(db)}/${tildeEncode(table)}${format ? `.${format}` : ''}`);
  }

  /** A row page, from its primary key values. */
  row(db: string, table: string, pks: readonly unknown[]): string {
    return this.path(
      `${tildeEncode(db)}/${tildeEncode(table)}/${pks.map((v) => tildeEncode(String(v))).join(',')}`,
    );
  }

  /** Strip the base URL from an incoming path (requests are accepted with and without it). */
  strip(pathname: string): string {
    if (this.base !== '/' && pathname.startsWith(this.base))
      return `/${pathname.slice(this.base.length)}`;
    return pathname;
  }
}
