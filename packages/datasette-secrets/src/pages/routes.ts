/**
 * The plugin's two pages. Both take GET and POST so that every method a browser form can send
 * reaches the permission check first; other methods are a 405 from the host.
 */
import type { Route } from 'datasette';
import { editView } from './edit-page.js';
import { listView } from './list-page.js';

/**
 * Routes for `registerRoutes`.
 *
 * @example registerRoutes: () => secretsRoutes()
 */
export function secretsRoutes(): Route[] {
  return [
    { path: '/-/secrets', methods: ['GET', 'POST'], handler: listView },
    { path: '/-/secrets/:name', methods: ['GET', 'POST'], handler: editView },
  ];
}
