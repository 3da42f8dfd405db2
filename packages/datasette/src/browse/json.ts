/**
 * JSON output for SQLite values. `JSON.stringify` cannot write a bigint and would write a Buffer
 * as `{type, data}`; here integers beyond 2^53 are written exactly as JSON numbers and BLOBs as
 * Datasette's `{"$base64": true, "encoded": "…"}`.
 */
import { BadRequest } from '../web/errors.js';

/**
 * Serialises a JSON-like value that may hold bigints and Buffers.
 * @example toJson({ id: 2n ** 63n - 1n, data: Buffer.from('hi') })
 * // '{"id":9223372036854775807,"data":{"$base64":true,"encoded":"aGk="}}'
 */
export function toJson(value: unknown): string {
  // The native serialiser is several times faster; it is right whenever nothing needs care.
  return needsCare(value) ? carefulJson(value) : (JSON.stringify(value) ?? 'null');
}

/** True when `value` holds a bigint, a BLOB or a non-finite number somewhere. */
function needsCare(value: unknown): boolean {
  switch (typeof value) {
    case 'bigint':
      return true;
    case 'number':
      return !Number.isFinite(value);
    case 'object':
      if (value === null) return false;
      if (value instanceof Uint8Array) return true;
      if (Array.isArray(value)) return value.some(needsCare);
      for (const key in value) if (needsCare((value as Record<string, unknown>)[key])) return true;
      return false;
    default:
      return false;
  }
}

function carefulJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (value instanceof Uint8Array) {
        return `{"$base64":true,"encoded":"${Buffer.from(value).toString('base64')}"}`;
      }
      if (Array.isArray(value)) return `[${value.map(carefulJson).join(',')}]`;
      return objectJson(value as Record<string, unknown>);
    default:
      return 'null';
  }
}

function objectJson(obj: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of Object.keys(obj)) {
    const v = obj[key];
    if (v !== undefined) parts.push(`${JSON.stringify(key)}:${carefulJson(v)}`);
  }
  return `{${parts.join(',')}}`;
}

/**
 * A JSON response written with {@link toJson}.
 * @example return jsonResponse({ ok: true, rows });
 */
export function jsonResponse(
  value: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(toJson(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/**
 * The `_shape` values. `object` (rows keyed by primary key) exists only for tables.
 * @example SHAPES.includes('arrays') // true
 */
export const SHAPES = ['objects', 'arrays', 'array', 'arrayfirst', 'object'] as const;
/** One of {@link SHAPES}. */
export type Shape = (typeof SHAPES)[number];

/**
 * Reads `?_shape=`, 400 for an unknown shape (or `object` where there is no primary key).
 * @example parseShape('arrays', false) // 'arrays'
 */
export function parseShape(value: string | null, allowObject: boolean): Shape {
  if (value === null || value === '') return 'objects';
  if (!(SHAPES as readonly string[]).includes(value)) {
    throw new BadRequest(`Invalid _shape: ${value} (use one of ${SHAPES.join(', ')})`);
  }
  if (value === 'object' && !allowObject) {
    throw new BadRequest('_shape=object is only available for table pages');
  }
  return value as Shape;
}

/**
 * Rows as objects keyed by column name (a repeated column name keeps its last value).
 * @example rowObjects(['id', 'name'], [[1, 'a']]) // [{ id: 1, name: 'a' }]
 */
export function rowObjects(
  columns: readonly string[],
  rows: readonly unknown[][],
): Record<string, unknown>[] {
  // A null prototype makes a column called `__proto__` an ordinary key; plain objects are kept
  // otherwise because they serialise faster.
  const make = columns.includes('__proto__') ? () => Object.create(null) : () => ({});
  return rows.map((row) => {
    const obj: Record<string, unknown> = make();
    for (let i = 0; i < columns.length; i++) obj[columns[i] as string] = row[i];
    return obj;
  });
}

/** What a shaped JSON page is made of. */
export interface ShapeInput {
  shape: Shape;
  columns: string[];
  rows: unknown[][];
  /** The rest of the default body (`ok`, `next`, `truncated`, extras…), in order. */
  body: Record<string, unknown>;
  /** For `_shape=object`: the key of each row. */
  keyOf?: (row: unknown[]) => string;
  /** `_nl=on`: with `_shape=array`, one JSON object per line. */
  nl?: boolean;
}

/**
 * The JSON body (as text) for a `_shape`: `objects` and `arrays` wrap the rows in `body`
 * (`arrays` adds `columns`), `array` is a bare list of objects, `arrayfirst` a list of first
 * column values, `object` an object keyed by primary key.
 * @example shapeJson({ shape: 'arrayfirst', columns: ['id'], rows: [[1], [2]], body: {} }) // '[1,2]'
 */
export function shapeJson(input: ShapeInput): string {
  const { shape, columns, rows, body } = input;
  switch (shape) {
    case 'array':
      if (input.nl) return rowObjects(columns, rows).map(toJson).join('\n');
      return toJson(rowObjects(columns, rows));
    case 'arrayfirst':
      return toJson(rows.map((row) => row[0]));
    case 'object': {
      const keyOf = input.keyOf ?? ((row: unknown[]) => String(row[0]));
      const objects = rowObjects(columns, rows);
      const out: Record<string, unknown> = Object.create(null);
      rows.forEach((row, i) => {
        out[keyOf(row)] = objects[i];
      });
      return toJson(out);
    }
    case 'arrays':
      return toJson({ ...body, columns, rows });
    default:
      return toJson({ ...body, rows: rowObjects(columns, rows) });
  }
}
