import type { Datasette } from '../app.js';
import type { TokenRestrictions } from '../auth/tokens.js';
import type { Action } from '../types.js';
import { tildeDecode, tildeEncode } from '../util/tilde.js';
import { BadRequest } from '../web/errors.js';

/** Tables offered per database in the form: enough for a hand-picked token, not a wall of boxes. */
const TABLES_PER_DATABASE = 20;

/**
 * Read the restriction checkboxes of `/-/create-token`, named as in Python Datasette:
 * `all:ACTION`, `database:DB:ACTION` and `resource:DB:TABLE:ACTION` (names tilde-encoded, so a
 * `:` in a name cannot split the field). Actions are stored by abbreviation when they have one.
 * Unknown actions are a 400. Returns undefined when no box is ticked (an unrestricted token).
 *
 * @example parseRestrictions(ds, { 'all:view-instance': 'on', 'database:data:es': 'on' })
 */
export function parseRestrictions(
  ds: Datasette,
  form: Record<string, string>,
): TokenRestrictions | undefined {
  const r: TokenRestrictions = {};
  for (const key of Object.keys(form)) {
    const [kind, ...parts] = key.split(':');
    if (kind === 'all' && parts.length === 1) {
      r.a = [...(r.a ?? []), short(ds, parts[0])];
    } else if (kind === 'database' && parts.length === 2) {
      const db = tildeDecode(parts[0]);
      r.d = r.d ?? {};
      r.d[db] = [...(r.d[db] ?? []), short(ds, parts[1])];
    } else if (kind === 'resource' && parts.length === 3) {
      const [db, table] = [tildeDecode(parts[0]), tildeDecode(parts[1])];
      r.r = r.r ?? {};
      r.r[db] = r.r[db] ?? {};
      r.r[db][table] = [...(r.r[db][table] ?? []), short(ds, parts[2])];
    }
  }
  return Object.keys(r).length > 0 ? r : undefined;
}

function short(ds: Datasette, name: string): string {
  const action = ds.actions.get(name) ?? ds.actions.byAbbr(name);
  if (!action) throw new BadRequest(`Unknown action "${name}" in the token restrictions`);
  return action.abbr ?? action.name;
}

/** The "restrict this token" part of the form. */
export function RestrictionsFieldset(props: { datasette: Datasette }) {
  const ds = props.datasette;
  const actions = ds.actions.all();
  const of = (cls: Action['resourceClass']) =>
    actions.filter((a) => (a.resourceClass ?? 'instance') === cls);
  const dbActions = [...of('database'), ...of('table')];
  const tableActions = of('table');
  return (
    <details class="token-restrictions">
      <summary>Restrict what this token can do (optional)</summary>
      <p class="muted">With no box ticked the token can do everything you can.</p>
      <h3>Everywhere</h3>
      <Boxes prefix="all" actions={actions} />
      {[...ds.databases.values()].map((db) => (
        <>
          <h3>Database {db.name}</h3>
          <Boxes prefix={`database:${tildeEncode(db.name)}`} actions={dbActions} />
          {tableNames(
            db.all<{ name: string }>(
              "select name from sqlite_master where type in ('table', 'view') and name not like 'sqlite_%' order by name",
            ),
          ).map((table) => (
            <>
              <h4>
                {db.name} / {table}
              </h4>
              <Boxes
                prefix={`resource:${tildeEncode(db.name)}:${tildeEncode(table)}`}
                actions={tableActions}
              />
            </>
          ))}
        </>
      ))}
    </details>
  );
}

function tableNames(rows: { name: string }[]): string[] {
  return rows.slice(0, TABLES_PER_DATABASE).map((r) => r.name);
}

function Boxes(props: { prefix: string; actions: Action[] }) {
  return (
    <p class="token-actions">
      {props.actions.map((a) => (
        <label class="checkbox">
          <input type="checkbox" name={`${props.prefix}:${a.name}`} /> {a.name}
        </label>
      ))}
    </p>
  );
}
