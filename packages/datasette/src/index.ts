/**
 * The public API of the `datasette` host, for plugins and embedders. Plugins import only from
 * here (and `datasette/jsx-runtime` for JSX pages).
 */

export { raw } from 'hono/html';
export type { Child } from 'hono/jsx';
export { Datasette, type DatasetteOptions } from './app.js';
export {
  Database,
  type DatabaseOptions,
  type Params,
  type Row,
  type Statement,
} from './db/database.js';
export { definePlugin, type Plugin } from './plugin/define.js';
export { CORE_HOOKS, type HookName, type Hooks } from './plugin/hooks.js';
export { PluginError, PluginManager } from './plugin/manager.js';
export { StartupError } from './startup-error.js';
export {
  type Action,
  type Actor,
  type FlashMessage,
  type JsonValue,
  type MaybePromise,
  type MenuLink,
  MessageLevel,
  type PermissionRule,
  type Resource,
  type ResourceClass,
} from './types.js';
export { escapeHtml } from './util/escape.js';
export type { ClientOptions, TestClient } from './web/client.js';
export {
  BadRequest,
  Forbidden,
  HttpError,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  Unauthorized,
} from './web/errors.js';
export type { Crumb } from './web/layout.js';
export { displayActor, type PageOptions } from './web/render.js';
export type { DatasetteRequest } from './web/request.js';
export { html, json, redirect, setCookie, text } from './web/responses.js';
export type { Route, View, ViewContext } from './web/routes.js';
