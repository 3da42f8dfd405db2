import type { Datasette } from '../app.js';
import type { DatasetteRequest } from './request.js';

/** What a view receives: the host and the request (with `params`, `actor` and body helpers). */
export interface ViewContext {
  datasette: Datasette;
  request: DatasetteRequest;
}

/** A view: returns a Web `Response` (see `html()`, `json()`, `redirect()`, `datasette.renderPage()`). */
export type View = (ctx: ViewContext) => Response | Promise<Response>;

/**
 * A page or endpoint. `path` uses Hono's pattern syntax (`/-/secrets/:name`, with optional
 * `{regex}` constraints). Requests with a method not in `methods` (default GET and POST) get 405.
 *
 * @example { path: '/-/hello', methods: ['GET'], handler: () => html('<p>hi</p>') }
 */
export interface Route {
  path: string;
  methods?: readonly string[];
  handler: View;
}
