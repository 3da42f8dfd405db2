/**
 * Finding the named parameters (`:name`, `@name`, `$name`) of user SQL, so the query page can
 * show an input for each and bind the values from the query string. Strings, quoted
 * identifiers and comments are skipped, so `':not_a_param'` is not one.
 */

const NAME = /[A-Za-z0-9_]/;

/** Index just past the quoted section starting at `i` (quote char doubled inside = escaped). */
function skipQuoted(sql: string, i: number, close: string): number {
  let at = i + 1;
  while (at < sql.length) {
    if (sql[at] === close) {
      if (close !== ']' && sql[at + 1] === close) {
        at += 2;
        continue;
      }
      return at + 1;
    }
    at++;
  }
  return at;
}

/** Index just past a comment starting at `i`, or `i` when none starts there. */
function skipComment(sql: string, i: number): number {
  if (sql.startsWith('--', i)) {
    const end = sql.indexOf('\n', i);
    return end === -1 ? sql.length : end + 1;
  }
  if (sql.startsWith('/*', i)) {
    const end = sql.indexOf('*/', i + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return i;
}

const CLOSERS: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/**
 * The distinct named parameters of `sql`, without their prefix, in order of appearance.
 * @example namedParameters("select * from t where a = :a and b = @b and c = ':x' -- :y") // ['a', 'b']
 */
export function namedParameters(sql: string): string[] {
  const names: string[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql.charAt(i);
    const closer = CLOSERS[ch];
    if (closer !== undefined) {
      i = skipQuoted(sql, i, closer);
      continue;
    }
    const afterComment = skipComment(sql, i);
    if (afterComment !== i) {
      i = afterComment;
      continue;
    }
    if ((ch === ':' || ch === '@' || ch === '$') && NAME.test(sql.charAt(i + 1))) {
      let end = i + 1;
      while (end < sql.length && NAME.test(sql.charAt(end))) end++;
      const name = sql.slice(i + 1, end);
      if (!names.includes(name)) names.push(name);
      i = end;
      continue;
    }
    i++;
  }
  return names;
}
