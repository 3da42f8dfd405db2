/**
 * The HTML table of rows shared by table, row and query pages. Every value is rendered as
 * escaped text: long text is shortened to `truncate_cells_html` characters, BLOBs show their
 * size, NULL an empty cell.
 */
import type { Child } from 'hono/jsx';

/** The CSS class of a cell, by SQLite type. */
export function cellClass(value: unknown): string {
  if (value === null || value === undefined) return 'type-null';
  if (typeof value === 'bigint' || (typeof value === 'number' && Number.isInteger(value))) {
    return 'type-int';
  }
  if (typeof value === 'number') return 'type-float';
  if (value instanceof Uint8Array) return 'type-blob';
  return 'type-str';
}

/**
 * The text shown for a value. `truncate` of 0 keeps text whole.
 * @example cellText(Buffer.alloc(7), 0) // '<Binary: 7 bytes>'
 * @example cellText('abcdef', 3) // 'abc…'
 */
export function cellText(value: unknown, truncate: number): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Uint8Array) {
    return `<Binary: ${value.byteLength} byte${value.byteLength === 1 ? '' : 's'}>`;
  }
  const text = String(value);
  if (truncate > 0 && text.length > truncate) {
    // Do not cut a surrogate pair in half.
    const end = /[\uD800-\uDBFF]/.test(text.charAt(truncate - 1)) ? truncate - 1 : truncate;
    return `${text.slice(0, end)}…`;
  }
  return text;
}

/** A column heading: its name and optional content (a sort link). */
export interface Heading {
  name: string;
  content?: Child;
}

/**
 * Links from each row to its row page: the cells of `column` become links (a single-column
 * key), or, when `column` is null, a leading "Link" column shows the key (a compound key).
 */
export interface RowLinks {
  column: number | null;
  href: (row: unknown[]) => string;
  label: (row: unknown[]) => string;
}

/** Props of {@link ResultsTable}. */
export interface ResultsTableProps {
  headings: Heading[];
  rows: unknown[][];
  truncate: number;
  links?: RowLinks;
}

function Cell(props: { value: unknown; truncate: number; href?: string }) {
  const text = cellText(props.value, props.truncate);
  return (
    <td class={cellClass(props.value)}>{props.href ? <a href={props.href}>{text}</a> : text}</td>
  );
}

/**
 * Rows as an HTML table.
 * @example <ResultsTable headings={[{ name: 'id' }]} rows={[[1]]} truncate={2048} />
 */
export function ResultsTable(props: ResultsTableProps) {
  const { links, truncate } = props;
  const linkColumn = links ? links.column : undefined;
  return (
    <div class="table-wrapper">
      <table class="rows-and-columns">
        <thead>
          <tr>
            {linkColumn === null ? <th scope="col">Link</th> : null}
            {props.headings.map((h) => (
              <th scope="col" data-column={h.name}>
                {h.content ?? h.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {links && linkColumn === null ? (
                <td class="type-link">
                  <a href={links.href(row)}>{links.label(row)}</a>
                </td>
              ) : null}
              {row.map((value, i) => (
                <Cell
                  value={value}
                  truncate={truncate}
                  href={i === linkColumn ? links?.href(row) : undefined}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
