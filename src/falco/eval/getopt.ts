/**
 * libs' `getopt()` transformer (sinsp_filtercheck_multivalue_transformer.cpp), a getopt(3)-like scan of an argument
 * list: it stops at `--` and at the first non-option argument (a lone `-` is one), skips long options (`--exec`),
 * expands clusters (`-nt`), takes an option's value from the rest of the token or the next argument. Without a
 * selector it yields every option and value in order (`?` for an option not in the optstring, an empty string for a
 * missing value); with a selector (`getopt(...)[t]`) the caller keeps the last value of that option.
 */
export interface Optstring {
  readonly valid: ReadonlySet<string>;
  readonly withArgument: ReadonlySet<string>;
}

export function parseOptstring(optstring: string): Optstring {
  const valid = new Set<string>();
  const withArgument = new Set<string>();
  const chars = [...optstring];
  for (let i = chars[0] === ':' ? 1 : 0; i < chars.length; i++) {
    const opt = chars[i] ?? ':';
    if (opt === ':') continue;
    valid.add(opt);
    if (chars[i + 1] === ':') {
      withArgument.add(opt);
      i++;
    }
  }
  return { valid, withArgument };
}

/** The scan's results: all of them, or with a selector only the selected option's values (the last one counts). */
export function getopt(argv: readonly string[], optstring: Optstring, selector?: string): string[] {
  const results: string[] = [];
  for (let argIndex = 0; argIndex < argv.length; argIndex++) {
    const arg = argv[argIndex] ?? '';
    if (arg === '--') break;
    if (arg.length > 2 && arg.startsWith('--')) continue;
    if (arg.length < 2 || !arg.startsWith('-')) break;
    const chars = [...arg];
    for (let i = 1; i < chars.length; i++) {
      const opt = chars[i] ?? '';
      if (opt === ':' || !optstring.valid.has(opt)) {
        if (selector === undefined) results.push('?');
        continue;
      }
      const selected = selector === undefined || opt === selector;
      if (!optstring.withArgument.has(opt)) {
        if (selected) results.push(opt);
        continue;
      }
      let value: string | undefined;
      if (i + 1 < chars.length) value = chars.slice(i + 1).join('');
      else if (argIndex + 1 < argv.length) value = argv[++argIndex];
      if (selected) {
        if (value === undefined) results.push('');
        else if (selector === undefined) results.push(opt, value);
        else results.push(value);
      }
      break;
    }
  }
  return results;
}
