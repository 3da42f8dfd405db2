/**
 * The HTML table of rows shared by table, row and query pages. Every value is rendered as
 * escaped text: long text is shortened to `truncate_cells_html` characters, BLOBs show their
 * size, NULL an empty cell.
 */
import { html } from 'hono/html';
import type { Child } from 'hono/jsx';

/**
 * The CSS class of a cell, by SQLite type.
 * @example cellClass(3) // 'type-int'
 */
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

/**
 * One row. Written with hono's `html` template rather than JSX: it escapes every interpolated
 * value exactly as JSX does, and is about twice as fast for the hundreds of cells of a page.
 */
function rowHtml(row: unknown[], truncate: number, links: RowLinks | undefined) {
  const column = links ? links.column : undefined;
  const cells = row.map((value, i) => {
    const text = cellText(value, truncate);
    const content = i === column && links ? html`<a href="${links.href(row)}">${text}</a>` : text;
    return html`<td class="${cellClass(value)}">${content}</td>`;
  });
  const link =
    links && column === null
      ? html`<td class="type-link"><a href="${links.href(row)}">${links.label(row)}</a></td>`
      : '';
  return html`<tr>${link}${cells}</tr>`;
}

/**
 * Rows as an HTML table.
 * @example <ResultsTable headings={[{ name: 'id' }]} rows={[[1]]} truncate={2048} />
 */
export function ResultsTable(props: ResultsTableProps) {
  const { links, truncate } = props;
  return (
    <div class="table-wrapper">
      <table class="rows-and-columns">
        <thead>
          <tr>
            {links?.column === null ? <th scope="col">Link</th> : null}
            {props.headings.map((h) => (
              <th scope="col" data-column={h.name}>
                {h.content ?? h.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.rows.map((row) => rowHtml(row, truncate, links))}</tbody>
      </table>
    </div>
  );
}
