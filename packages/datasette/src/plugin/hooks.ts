import type { Command } from 'commander';
import type { Datasette } from '../app.js';
import type { Action, Actor, MaybePromise, MenuLink, PermissionRule } from '../types.js';
import type { DatasetteRequest } from '../web/request.js';
import type { Route } from '../web/routes.js';

/**
 * Every hook the host offers. Each is an optional method taking ONE context object; a plugin
 * destructures the fields it needs and returns a value or a promise of one. Results of `null` or
 * `undefined` are skipped. Plugins add hooks of their own by module augmentation:
 *
 * @example
 * declare module 'datasette' {
 *   interface Hooks {
 *     registerSecrets?(ctx: { datasette: Datasette }): MaybePromise<Secret[]>;
 *   }
 * }
 *
 * Documented in docs/plugin-hooks.md; a test fails when a hook here is missing there.
 */
export interface Hooks {
  /** Once, before the server listens (and before the first in-process request). */
  startup?(ctx: { datasette: Datasette }): MaybePromise<void>;
  /** Pages and endpoints. Plugin routes are matched before core routes. */
  registerRoutes?(ctx: { datasette: Datasette }): MaybePromise<Route[] | null | undefined>;
  /** CLI subcommands, added to the root `datasette` program when the CLI starts. */
  registerCommands?(ctx: { program: Command }): void;
  /** Links for the navigation menu, evaluated on every page. */
  menuLinks?(ctx: {
    datasette: Datasette;
    actor: Actor | null;
    request: DatasetteRequest | null;
  }): MaybePromise<MenuLink[] | null | undefined>;
  /** Permission actions this plugin checks. Called once at startup. */
  registerActions?(ctx: { datasette: Datasette }): Action[] | null | undefined;
  /** Rules for one permission check; see docs/host.md ("Permissions") for how rules combine. */
  permissionRules?(ctx: {
    datasette: Datasette;
    actor: Actor | null;
    action: string;
  }): MaybePromise<PermissionRule[] | null | undefined>;
  /** Work out who is making a request. The first non-null actor wins. */
  actorFromRequest?(ctx: {
    datasette: Datasette;
    request: DatasetteRequest;
  }): MaybePromise<Actor | null | undefined>;
  /** Look up actors by id, for display. The first plugin to answer wins. */
  actorsFromIds?(ctx: {
    datasette: Datasette;
    actorIds: string[];
  }): MaybePromise<Record<string, Actor> | null | undefined>;
}

/** The name of a hook, including hooks added by plugins through module augmentation. */
export type HookName = keyof Hooks & string;

/** The hooks the host itself calls; plugins declare further ones with `definePlugin({ hookSpecs })`. */
export const CORE_HOOKS: readonly HookName[] = [
  'startup',
  'registerRoutes',
  'registerCommands',
  'menuLinks',
  'registerActions',
  'permissionRules',
  'actorFromRequest',
  'actorsFromIds',
];
