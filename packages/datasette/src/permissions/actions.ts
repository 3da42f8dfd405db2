/**
 * The action registry: core actions plus those plugins add through `registerActions`. Checked at
 * registration (Fastify's habit) so a misspelt or clashing action fails at startup with both
 * culprits named, not as a silent deny on some later request.
 */
import type { Action, ResourceClass } from '../types.js';

import { CORE_ACTIONS } from './core-actions.js';

export { CORE_ACTIONS };

/**
 * Codes of {@link ActionError}.
 * @example const code: ActionErrorCode = 'DUPLICATE_ACTION';
 */
export type ActionErrorCode = 'DUPLICATE_ACTION' | 'INVALID_ACTION';

/**
 * A bad action registration. The host turns it into a startup error.
 * @example try { registry.register(a, 'my-plugin'); } catch (e) { if (e.code === 'DUPLICATE_ACTION') … }
 */
export class ActionError extends Error {
  readonly code: ActionErrorCode;

  constructor(code: ActionErrorCode, message: string) {
    super(message);
    this.name = 'ActionError';
    this.code = code;
  }
}

const NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RESOURCE_CLASSES: readonly ResourceClass[] = ['instance', 'database', 'table', 'query'];

/** `Manage_Secrets` → `manage-secrets`: the likely intended spelling, offered in the error. */
function suggestName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function checkName(kind: 'name' | 'abbr', value: unknown, source: string): void {
  if (typeof value === 'string' && NAME_PATTERN.test(value)) return;
  const shown = typeof value === 'string' ? `"${value}"` : `a ${typeof value}`;
  const hint =
    typeof value === 'string' && suggestName(value) ? ` such as "${suggestName(value)}"` : '';
  const message = `Invalid action ${kind} ${shown} from ${source}: use lowercase letters, digits and single dashes${hint}`;
  throw new ActionError('INVALID_ACTION', message);
}

/**
 * Validates one action's fields, naming the field and the registering source.
 * @throws ActionError `INVALID_ACTION`.
 * @example validateAction({ name: 'Manage_Secrets', description: '' }, 'my-plugin'); // throws: … such as "manage-secrets"
 */
export function validateAction(action: Action, source: string): void {
  checkName('name', action?.name, source);
  if (action.abbr !== undefined) checkName('abbr', action.abbr, source);
  if (typeof action.description !== 'string') {
    throw new ActionError(
      'INVALID_ACTION',
      `Action "${action.name}" from ${source} needs a description string`,
    );
  }
  const rc = action.resourceClass;
  if (rc !== undefined && !RESOURCE_CLASSES.includes(rc)) {
    const message = `Action "${action.name}" from ${source} has resourceClass "${String(rc)}"; use one of ${RESOURCE_CLASSES.join(', ')}`;
    throw new ActionError('INVALID_ACTION', message);
  }
  if (action.alsoRequires !== undefined) checkName('name', action.alsoRequires, source);
}

interface Entry {
  action: Action;
  source: string;
}

/** Two definitions are the same when every field matches, with `resourceClass` defaulted. */
function sameAction(a: Action, b: Action): boolean {
  return (
    a.name === b.name &&
    a.description === b.description &&
    a.abbr === b.abbr &&
    a.resourceClass === b.resourceClass &&
    a.alsoRequires === b.alsoRequires
  );
}

function normalize(action: Action): Action {
  const copy: Action = { ...action, resourceClass: action.resourceClass ?? 'instance' };
  if (copy.abbr === undefined) delete copy.abbr;
  if (copy.alsoRequires === undefined) delete copy.alsoRequires;
  return Object.freeze(copy);
}

/**
 * The actions known to one host instance, by name and by abbreviation. Stored actions are frozen
 * copies with `resourceClass` filled in (`'instance'` when left out).
 * @example
 * const registry = ActionRegistry.withCoreActions();
 * registry.register({ name: 'manage-secrets', description: 'Manage secrets' }, 'datasette-secrets');
 * registry.byAbbr('vt')?.name; // 'view-table'
 */
export class ActionRegistry {
  readonly #byName = new Map<string, Entry>();
  readonly #byAbbr = new Map<string, Entry>();

  /**
   * A registry holding {@link CORE_ACTIONS}, registered with source `'datasette'`.
   * @example ActionRegistry.withCoreActions().has('view-instance'); // true
   */
  static withCoreActions(): ActionRegistry {
    const registry = new ActionRegistry();
    for (const action of CORE_ACTIONS) registry.register(action, 'datasette');
    return registry;
  }

  /**
   * Adds an action. Registering an identical definition again is a no-op (hooks may run twice).
   * @throws ActionError `INVALID_ACTION` for a bad field, `DUPLICATE_ACTION` when the name or
   *   abbreviation is already taken by a different definition (both sources are named).
   * @example registry.register({ name: 'manage-secrets', description: 'Manage secrets' }, 'datasette-secrets');
   */
  register(action: Action, source: string): void {
    validateAction(action, source);
    const entry = { action: normalize(action), source };
    const byName = this.#byName.get(action.name);
    if (byName !== undefined) {
      if (sameAction(byName.action, entry.action)) return;
      throw duplicate(`name "${action.name}"`, byName.source, source);
    }
    const abbr = entry.action.abbr;
    const byAbbr = abbr === undefined ? undefined : this.#byAbbr.get(abbr);
    if (byAbbr !== undefined) {
      const message = `abbr "${abbr}" (of "${byAbbr.action.name}" and "${action.name}")`;
      throw duplicate(message, byAbbr.source, source);
    }
    this.#byName.set(action.name, entry);
    if (abbr !== undefined) this.#byAbbr.set(abbr, entry);
  }

  /** The action called `name`. @example registry.get('view-table')?.abbr; // 'vt' */
  get(name: string): Action | undefined {
    return this.#byName.get(name)?.action;
  }

  /** Whether `name` is registered. @example registry.has('manage-secrets'); */
  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /** The action whose abbreviation is `abbr`. @example registry.byAbbr('es')?.name; // 'execute-sql' */
  byAbbr(abbr: string): Action | undefined {
    return this.#byAbbr.get(abbr)?.action;
  }

  /** The abbreviation of action `name`, if it has one. @example registry.abbrOf('view-instance'); // 'vi' */
  abbrOf(name: string): string | undefined {
    return this.#byName.get(name)?.action.abbr;
  }

  /** Who registered `name` (a plugin name, or `'datasette'` for core). @example registry.sourceOf('vi'); */
  sourceOf(name: string): string | undefined {
    return this.#byName.get(name)?.source;
  }

  /** Every action in registration order. @example registry.all().map((a) => a.name); */
  all(): Action[] {
    return [...this.#byName.values()].map((entry) => entry.action);
  }
}

function duplicate(what: string, first: string, second: string): ActionError {
  const message = `Duplicate action ${what}: registered by ${first} and, differently, by ${second}`;
  return new ActionError('DUPLICATE_ACTION', message);
}
