/**
 * "Did you mean" hints: the names closest to a name that is not in the ruleset (a rule renamed between Falco
 * versions, a typo, a custom rule not loaded). Case-insensitive edit distance, bounded so a long name costs little.
 */

/** Up to `limit` names from `names`, closest first; only names within a third of their length in edits. */
export function closestNames(target: string, names: Iterable<string>, limit = 3): string[] {
  const wanted = target.toLowerCase();
  const scored: { name: string; distance: number }[] = [];
  for (const name of names) {
    const candidate = name.toLowerCase();
    const bound = Math.max(3, Math.floor(Math.max(wanted.length, candidate.length) / 3));
    const distance = wanted === candidate ? 0 : editDistance(wanted, candidate, bound);
    if (distance <= bound) scored.push({ name, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((entry) => entry.name);
}

/** Levenshtein distance, or `bound + 1` as soon as it must exceed `bound`. Two reused rows: no allocation per call. */
export function editDistance(a: string, b: string, bound = Infinity): number {
  if (Math.abs(a.length - b.length) > bound) return bound + 1;
  if (rows[0].length <= b.length)
    rows = [new Uint32Array(b.length * 2 + 1), new Uint32Array(b.length * 2 + 1)];
  let [previous, current] = rows;
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    let rowMin = i;
    const char = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const cost = char === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > bound) return bound + 1;
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

let rows: [Uint32Array, Uint32Array] = [new Uint32Array(256), new Uint32Array(256)];
