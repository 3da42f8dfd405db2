/**
 * The core actions as data. Kept apart from the registry so the list reads as a table and a test
 * can compare it with the reference.
 */
import type { Action, ResourceClass } from '../types.js';

const db = (name: string, abbr: string, description: string, alsoRequires?: string): Action => ({
  name,
  abbr,
  description,
  resourceClass: 'database',
  ...(alsoRequires === undefined ? {} : { alsoRequires }),
});
const of = (resourceClass: ResourceClass) => (name: string, abbr: string, description: string) =>
  ({ name, abbr, description, resourceClass }) satisfies Action;
const inst = of('instance');
const table = of('table');
const query = of('query');

/**
 * The core actions of Python Datasette 1.0 (`default_actions.py`), with their abbreviations
 * (used in token `_r` restrictions).
 * @example CORE_ACTIONS.find((a) => a.name === 'execute-sql')?.alsoRequires; // 'view-database'
 */
export const CORE_ACTIONS: readonly Action[] = Object.freeze(
  [
    inst('view-instance', 'vi', 'View Datasette instance'),
    inst('permissions-debug', 'pd', 'Access permission debug tool'),
    inst('debug-menu', 'dm', 'View debug menu items'),
    db('view-database', 'vd', 'View database'),
    db('view-database-download', 'vdd', 'Download database file', 'view-database'),
    db('execute-sql', 'es', 'Execute read-only SQL queries', 'view-database'),
    db('execute-write-sql', 'ews', 'Execute writable SQL queries', 'view-database'),
    db('create-table', 'ct', 'Create tables'),
    db('create-view', 'cv', 'Create views'),
    db('store-query', 'sq', 'Store queries', 'execute-sql'),
    table('view-table', 'vt', 'View table'),
    table('insert-row', 'ir', 'Insert rows'),
    table('delete-row', 'dr', 'Delete rows'),
    table('update-row', 'ur', 'Update rows'),
    table('alter-table', 'at', 'Alter tables'),
    table('set-column-type', 'sct', 'Set column types'),
    table('drop-table', 'dt', 'Drop tables'),
    table('drop-view', 'dv', 'Drop views'),
    query('view-query', 'vq', 'View named query results'),
    query('update-query', 'uq', 'Update stored queries'),
    query('delete-query', 'dq', 'Delete stored queries'),
  ].map((action) => Object.freeze(action)),
);
