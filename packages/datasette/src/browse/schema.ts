/**
 * What the browse pages need to know about a database's tables and views, read with
 * parameterised pragma functions and cached until `PRAGMA schema_version` changes (which also
 * sees changes made by other connections and processes).
 */
import type { Database } from '../db/database.js';
import { ROWID_WORDS } from './sql.js';
import { statement, syncSchema } from './state.js';

/** One column as `pragma_table_xinfo` reports it (hidden virtual-table columns left out). */
export interface ColumnInfo {
  name: string;
  type: string;
  notnull: boolean;
  /** 1-based position in the primary key, 0 when not part of it. */
  pk: number;
}

/**
 * A table or view.
 * @example const t = getSchema(db).tables.get('birds'); t?.pks // ['id']
 */
export interface TableInfo {
  name: string;
  kind: 'table' | 'view' | 'virtual';
  columns: ColumnInfo[];
  /** Primary key columns in key order; empty for views and tables keyed by rowid only. */
  pks: string[];
  /** The keyword that reaches the rowid (`rowid`, `_rowid_`, `oid`), or null when there is none. */
  rowid: string | null;
  /** The INTEGER PRIMARY KEY column that is the rowid, if any. */
  rowidAlias: string | null;
  /** SQLite internals and full-text-search shadow tables, listed apart on the database page. */
  hidden: boolean;
  /** False when a name contains `?`, which would confuse the query-plan check (see run.ts). */
  planSafe: boolean;
}

/** A database's tables and views by name, plus sorted name lists. */
export interface DbSchema {
  version: number;
  tables: Map<string, TableInfo>;
  /** Table names (not views), sorted. */
  tableNames: string[];
  viewNames: string[];
}

interface ListRow {
  name: string;
  type: string;
  wr: number;
}

function readColumns(db: Database, table: string): { all: string[]; visible: ColumnInfo[] } {
  const rows = statement(db, 'select * from pragma_table_xinfo(?)', false).all(table) as {
    name: string;
    type: string;
    notnull: number;
    pk: number;
    hidden: number;
  }[];
  return {
    all: rows.map((r) => r.name),
    visible: rows
      .filter((r) => r.hidden !== 1)
      .map((r) => ({ name: r.name, type: r.type, notnull: r.notnull === 1, pk: r.pk })),
  };
}

function findRowid(db: Database, row: ListRow, names: readonly string[]): string | null {
  if (row.type === 'view' || row.wr === 1) return null;
  const lower = new Set(names.map((n) => n.toLowerCase()));
  const word = ROWID_WORDS.find((w) => !lower.has(w));
  if (word === undefined) return null;
  if (row.type === 'virtual') {
    try {
      db.conn.prepare(`select ${word} from "${row.name.replaceAll('"', '""')}" limit 0`);
    } catch {
      return null;
    }
  }
  return word;
}

function readTable(db: Database, row: ListRow): TableInfo {
  const { all, visible } = readColumns(db, row.name);
  const pks = visible
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const rowid = findRowid(db, row, all);
  const only = pks.length === 1 ? visible.find((c) => c.name === pks[0]) : undefined;
  const rowidAlias = rowid && only?.type.toUpperCase() === 'INTEGER' ? only.name : null;
  const indexNames = (
    statement(db, 'select name from pragma_index_list(?)', false).all(row.name) as {
      name: string;
    }[]
  ).map((r) => r.name);
  const names = [row.name, ...all, ...indexNames];
  return {
    name: row.name,
    kind: row.type === 'view' ? 'view' : row.type === 'virtual' ? 'virtual' : 'table',
    columns: visible,
    pks,
    rowid,
    rowidAlias,
    hidden: row.type === 'shadow' || row.name.startsWith('sqlite_'),
    planSafe: !names.some((n) => n.includes('?')),
  };
}

/**
 * The schema of `db`, from cache unless it changed since the last call.
 * @example getSchema(db).tableNames // ['birds', 'sightings']
 */
export function getSchema(db: Database): DbSchema {
  const state = syncSchema(db);
  if (state.schema && state.schema.version === state.version) return state.schema;
  const rows = statement(
    db,
    "select name, type, wr from pragma_table_list where schema = 'main' and name not in ('sqlite_schema', 'sqlite_temp_schema') order by name",
    false,
  ).all() as ListRow[];
  const tables = new Map<string, TableInfo>();
  for (const row of rows) tables.set(row.name, readTable(db, row));
  const names = [...tables.values()];
  state.schema = {
    version: state.version,
    tables,
    tableNames: names.filter((t) => t.kind !== 'view').map((t) => t.name),
    viewNames: names.filter((t) => t.kind === 'view').map((t) => t.name),
  };
  return state.schema;
}
