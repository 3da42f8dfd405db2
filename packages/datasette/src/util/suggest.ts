/**
 * "Did you mean …?" suggestions for misspelt names, so a typo in a setting gets a precise fix
 * instead of a bare "invalid" (the better-sqlite3 / Fastify habit of validating up front).
 */

/**
 * Levenshtein edit distance between two strings, stopping early once it exceeds `max` because
 * callers only care whether a name is close.
 * @example editDistance('sql_time_limit', 'sql_time_limit_ms'); // 3
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    prev = row;
  }
  return prev[b.length];
}

/**
 * The closest candidate within `maxDistance` edits (ties go to the first candidate), or undefined.
 * @example closestMatch('base_ur', ['base_url', 'default_page_size']); // 'base_url'
 */
export function closestMatch(
  name: string,
  candidates: Iterable<string>,
  maxDistance = 2,
): string | undefined {
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate, maxDistance);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * A ready-to-append `, did you mean 'x'?` clause, or an empty string when nothing is close.
 * @example `Invalid setting 'base_ur'${didYouMean('base_ur', ['base_url'])}`
 */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const match = closestMatch(name, candidates);
  return match === undefined ? '' : ` (did you mean '${match}'?)`;
}
