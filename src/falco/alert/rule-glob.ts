/**
 * Globs over Falco rule names, for per-rule configuration (fingerprint identity fields, routes).
 *
 * Rule names are free text with spaces and slashes (`Attach/Exec Pod`, `Write to /tmp by container`), so this is not
 * a path glob: `*` matches any run of characters including `/`, `?` exactly one character, `\` makes the next
 * character literal; everything else, `[` included, is literal. Matching is case-sensitive and whole-name, as Falco
 * matches rule names.
 */

/** A matcher for `pattern`. */
export function compileRuleGlob(pattern: string): (ruleName: string) => boolean {
  if (!isRuleGlob(pattern)) return (ruleName) => ruleName === pattern;
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const char = pattern[index] as string;
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index] as string);
    } else if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else source += escapeRegExp(char);
  }
  const regExp = new RegExp(`^${source}$`, 'u');
  return (ruleName) => regExp.test(ruleName);
}

/** True when `pattern` has a wildcard (`*`, `?`) or an escape, i.e. is more than an exact rule name. */
export function isRuleGlob(pattern: string): boolean {
  return /[*?\\]/.test(pattern);
}

function escapeRegExp(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}
