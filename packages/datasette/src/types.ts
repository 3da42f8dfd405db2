/**
 * Shared public types of the host. Kept free of runtime code so every module (and every plugin)
 * can import them without pulling in the server.
 */

/** A value or a promise of it: what every hook may return. */
export type MaybePromise<T> = T | Promise<T>;

/**
 * Who is making a request. `id` is what permission blocks match on; other keys are free-form.
 * @example const actor: Actor = { id: 'root' };
 */
export interface Actor {
  id?: string | number;
  [key: string]: unknown;
}

/** The plugin-facing JSON value type of config files. */
export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

/** Flash message levels, as in Python Datasette (`INFO = 1`, `WARNING = 2`, `ERROR = 3`). */
export const MessageLevel = { INFO: 1, WARNING: 2, ERROR: 3 } as const;
export type MessageLevel = (typeof MessageLevel)[keyof typeof MessageLevel];

/** A flash message waiting to be shown. */
export interface FlashMessage {
  text: string;
  level: MessageLevel;
}

/**
 * What a permission check is about: nothing (an instance-wide action), a database, or a table
 * (or canned query) inside one.
 * @example datasette.allowed({ action: 'view-table', actor, resource: { database: 'data', table: 'birds' } })
 */
export interface Resource {
  database: string;
  table?: string;
}

/** Which kind of resource an action applies to. */
export type ResourceClass = 'instance' | 'database' | 'table' | 'query';

/**
 * A permission action, registered through the `registerActions` hook.
 * @example { name: 'manage-secrets', description: 'Manage secrets' }
 */
export interface Action {
  name: string;
  description: string;
  abbr?: string;
  /** Defaults to `'instance'` (a global action). */
  resourceClass?: ResourceClass;
  /** Another action that must also be allowed. */
  alsoRequires?: string;
}

/**
 * One permission rule contributed by a `permissionRules` hook. `database` / `table` left out are
 * wildcards: a rule with neither applies instance-wide. The most specific matching rule wins; at
 * equal specificity deny beats allow; no matching rule means deny.
 */
export interface PermissionRule {
  database?: string | null;
  table?: string | null;
  allow: boolean;
  reason: string;
}

/** A link in the navigation menu. */
export interface MenuLink {
  href: string;
  label: string;
}
