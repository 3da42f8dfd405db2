/**
 * The SQL box on the database page and the query page: a GET form to `/DB/-/query`, with an
 * input for each named parameter of the SQL.
 */

/** Props of {@link SqlForm}. */
export interface SqlFormProps {
  action: string;
  sql: string;
  /** Named parameters and their current values. */
  params?: [string, string][];
}

/**
 * The SQL form. Values are attributes and text, so JSX escapes them.
 * @example <SqlForm action="/data/-/query" sql="select * from birds where name = :name" params={[['name', 'Blue']]} />
 */
export function SqlForm(props: SqlFormProps) {
  return (
    <form class="sql-form" action={props.action} method="get">
      <label for="sql-editor">SQL query</label>
      {/* HTML drops one newline right after <textarea>: add one so the SQL's own survives. */}
      <textarea id="sql-editor" name="sql" rows={6} spellcheck={false}>
        {`\n${props.sql}`}
      </textarea>
      {(props.params ?? []).length > 0 ? (
        <fieldset class="sql-params">
          <legend>Parameters</legend>
          {(props.params ?? []).map(([name, value]) => (
            <p>
              <label for={`qp-${name}`}>{name}</label>
              <input type="text" id={`qp-${name}`} name={name} value={value} />
            </p>
          ))}
        </fieldset>
      ) : null}
      <p>
        <button type="submit">Run SQL</button>
      </p>
    </form>
  );
}
