/**
 * Commander options take one value; `-s KEY VALUE`, `-d DB ACTION` and `-r DB TABLE ACTION`
 * take several. Pull those out of argv before commander parses the rest.
 *
 * @example extractMulti(['a.db', '-s', 'k', 'v'], { '-s': 2 }) // { rest: ['a.db'], found: { '-s': [['k','v']] } }
 */
export function extractMulti(
  argv: string[],
  spec: Record<string, { arity: number; aliases?: string[] }>,
): { rest: string[]; found: Record<string, string[][]> } {
  const rest: string[] = [];
  const found: Record<string, string[][]> = {};
  const lookup = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) {
    found[name] = [];
    lookup.set(name, name);
    for (const a of s.aliases ?? []) lookup.set(a, name);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i));
      break;
    }
    const name = lookup.get(arg);
    if (!name) {
      rest.push(arg);
      continue;
    }
    const { arity } = spec[name];
    const values = argv.slice(i + 1, i + 1 + arity);
    if (values.length < arity) throw new CliError(`Option ${arg} needs ${arity} values`);
    found[name].push(values);
    i += arity;
  }
  return { rest, found };
}

/** A command-line mistake: printed as one line, exit code 1. */
export class CliError extends Error {
  readonly code = 'CLI_ERROR';
}
