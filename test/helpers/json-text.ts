/**
 * JSON as senders write it, for tests of exact integers: bigints as their digits (what a Go or C++ sender writes
 * for a 64-bit field), any spacing, and comparisons where numbers compare by value whatever their form.
 */

/** JSON text of `value`: bigints as their digits, `space` around tokens. */
export function writeJson(value: unknown, space = ''): string {
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value))
    return `[${space}${value.map((item) => writeJson(item, space)).join(`,${space}`)}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).map(
      (key) =>
        `${JSON.stringify(key)}${space}:${space}${writeJson((value as Record<string, unknown>)[key], space)}`,
    );
    return `{${space}${entries.join(`,${space}`)}${space}}`;
  }
  return JSON.stringify(value);
}

/** An object that takes `__proto__` as an ordinary key, like the objects JSON.parse makes. */
export function plainObject(entries: Iterable<readonly [string, unknown]>): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

/**
 * Deep equality where a number equals a bigint of the same value, and a double equals any number that reads back as
 * it (jsonb prints 1.5e300 as 301 digits).
 */
export function sameJson(actual: unknown, expected: unknown): boolean {
  if (typeof expected === 'number' || typeof expected === 'bigint') {
    if (typeof actual !== 'number' && typeof actual !== 'bigint') return false;
    if (typeof expected === 'number') return Number(actual) === expected;
    return (typeof actual === 'bigint' || Number.isInteger(actual)) && BigInt(actual) === expected;
  }
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((item, index) => sameJson(actual[index], item))
    );
  }
  if (typeof expected === 'object' && expected !== null) {
    if (typeof actual !== 'object' || actual === null) return false;
    const keys = Object.keys(expected);
    return (
      keys.length === Object.keys(actual).length &&
      keys.every(
        (key) =>
          Object.hasOwn(actual, key) &&
          sameJson((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key]),
      )
    );
  }
  return actual === expected;
}
