/**
 * Globs for rule names and hostnames in routes and mutes: `*` matches any run of characters, `?` one character,
 * everything else is literal (rule names contain parentheses, colons and brackets, which full glob syntaxes would
 * read as operators). Matching is case-sensitive, like Falco rule names.
 */
export function nameGlob(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return (name) => name === pattern;
  const source = pattern
    .split('')
    .map((char) => {
      if (char === '*') return '.*';
      if (char === '?') return '.';
      return char.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
  const regex = new RegExp(`^${source}$`, 's');
  return (name) => regex.test(name);
}

/** True when any of the patterns matches. */
export function anyGlob(patterns: readonly string[]): (name: string) => boolean {
  const matchers = patterns.map(nameGlob);
  return (name) => matchers.some((matches) => matches(name));
}
