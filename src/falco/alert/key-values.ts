/**
 * `key=value` pairs in the text of a rendered Falco output, e.g.
 * `user=<NA> program=titanagent command=titanagent -d file=/etc/shadow`.
 *
 * Falco does not quote values, so a value runs until the next key. The heuristic:
 * - a key is `[A-Za-z_][A-Za-z0-9_.[\]-]*` followed by `=`, at the start of the text or after whitespace or `,`
 *   (so `--allowed-types=x` or `a=b=c` inside a value do not start a key);
 * - labels with spaces, as plugin rules write them (`requesting user=%x, requesting IP=%y, AWS region=%z`): words
 *   between a `, ` and the next key belong to that key, and with `leadingLabel` so do the words before the first key;
 * - a value is everything up to the whitespace (or `, `) before the next key, with trailing whitespace and one
 *   trailing comma removed (outputs written `user=%user.name, ip=%okta.ip`); values may be empty (`reason=`);
 * - with `knownKeys` (e.g. the labels of the rule's output template) only those start a key, which keeps
 *   `cmdline=env FOO=bar ls` whole; without them any `word=` after a space splits, the best guess for unknown rules.
 * Text before the first key (the title) is not a pair. Repeated keys are all returned, in order.
 */

export interface KeyValue {
  readonly key: string;
  readonly value: string;
  /** Offset of the key in the text given (plus `offset`). */
  readonly start: number;
  /** Offset of the first character of the value. */
  readonly valueStart: number;
  /** Offset just after the value (trailing whitespace and comma excluded). */
  readonly end: number;
}

export interface ExtractKeyValuesOptions {
  /** Only these keys start a pair; anything else that looks like `word=` stays inside the current value. */
  readonly knownKeys?: ReadonlySet<string> | readonly string[];
  /**
   * The text is the inside of an output's parentheses or what follows its pipe: words before the first key are
   * part of that key's label (`requesting user=`), not a title.
   */
  readonly leadingLabel?: boolean;
  /** Added to every offset, for callers that pass a slice of a longer text. */
  readonly offset?: number;
}

const KEY = /(?<=^|[\s,])([A-Za-z_][A-Za-z0-9_.[\]-]*)=/g;

/** Words (each followed by one space) right before a key, after a `, ` separator or at the start of a label. */
const LABEL_AFTER_COMMA = /, ((?:[A-Za-z][\w.-]* )+)$/;
const LEADING_LABEL = /^((?:[A-Za-z][\w.-]* )+)$/;

export function extractKeyValues(text: string, options: ExtractKeyValuesOptions = {}): KeyValue[] {
  const known = options.knownKeys === undefined ? undefined : new Set(options.knownKeys);
  const offset = options.offset ?? 0;
  const keys: { key: string; start: number; valueStart: number }[] = [];
  for (const match of text.matchAll(KEY)) {
    const key = match[1] as string;
    if (known !== undefined && !known.has(key)) continue;
    keys.push({ key, start: match.index, valueStart: match.index + match[0].length });
  }
  extendLabels(text, keys, options.leadingLabel === true);
  return keys.map(({ key, start, valueStart }, index) => {
    const limit = keys[index + 1]?.start ?? text.length;
    let end = limit;
    while (end > valueStart && /\s/.test(text[end - 1] as string)) end -= 1;
    if (index + 1 < keys.length && end > valueStart && text[end - 1] === ',') end -= 1;
    return {
      key,
      value: text.slice(valueStart, end),
      start: start + offset,
      valueStart: valueStart + offset,
      end: end + offset,
    };
  });
}

function extendLabels(
  text: string,
  keys: { key: string; start: number; valueStart: number }[],
  leadingLabel: boolean,
): void {
  keys.forEach((entry, index) => {
    const before = text.slice(
      index === 0 ? 0 : (keys[index - 1] as { valueStart: number }).valueStart,
      entry.start,
    );
    const words = (index === 0 ? (leadingLabel ? LEADING_LABEL : undefined) : LABEL_AFTER_COMMA)?.exec(
      before,
    );
    if (words === null || words === undefined) return;
    const label = words[1] as string;
    entry.key = label + entry.key;
    entry.start -= label.length;
  });
}
