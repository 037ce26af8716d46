/**
 * A text alert's message split into the rule's own output and what Falco appended after it (see text-line.ts for the
 * forms). The split is a heuristic over the two output styles:
 * - parenthesised (`Title (k=v …)`, Falco ≤ 0.3x rules): the rule output ends at the parenthesis matching the first
 *   `(` that is followed by `key=` (so `Namespace change (setns) by … (user=…)` uses the second); what follows is
 *   appended when it starts with `key=`;
 * - piped (`Title | k=v …`, current rules) and plain: the appended text is the trailing run of pairs whose keys are
 *   the container/k8s keys Falco appends. A piped rule whose own template ends in `%container.info` (Falco
 *   0.37–0.40) is split the same way: identification must allow for that.
 */
import { extractKeyValues, type KeyValue } from './key-values.js';

export type OutputStyle = 'parenthesised' | 'piped' | 'plain';

/** Keys Falco appends after a rule's output (`-pk`/`-pc` text, the container plugin's suggested fields). */
export const APPENDED_KEYS: ReadonlySet<string> = new Set([
  'container',
  'container_id',
  'container_name',
  'container_image',
  'container_image_repository',
  'container_image_tag',
  'k8s.ns',
  'k8s.pod',
  'k8s_ns',
  'k8s_ns_name',
  'k8s_pod_name',
]);

export interface MessageParts {
  readonly ruleOutput: string;
  readonly appended: string;
  readonly style: OutputStyle;
  readonly fields: readonly KeyValue[];
  readonly appendedFields: readonly KeyValue[];
}

/** The `(` that opens a parenthesised output: not after `=` (a value such as `groups=(a,b)`), followed by `key=`. */
const OUTPUT_PARENTHESIS =
  /(?<=[^=])\((?=[A-Za-z_][A-Za-z0-9_.[\]-]*=|(?:[A-Za-z][\w.-]* )+[A-Za-z_][A-Za-z0-9_.[\]-]*=)/;

export function splitMessage(message: string): MessageParts {
  const paren = OUTPUT_PARENTHESIS.exec(message)?.index ?? -1;
  const pipe = message.indexOf(' | ');
  if (pipe >= 0 && (paren < 0 || pipe < paren)) return splitTrailing(message, pipe + 3, 'piped');
  if (paren < 0) return splitTrailing(message, 0, 'plain');
  const close = matchingParenthesis(message, paren);
  const bodyEnd = close < 0 ? message.length : close;
  const fields = extractKeyValues(message.slice(paren + 1, bodyEnd), {
    offset: paren + 1,
    leadingLabel: true,
  });
  const rest = close < 0 ? '' : message.slice(close + 1);
  const appendedStart = close + 1 + (rest.length - rest.trimStart().length);
  if (close < 0 || !/^[A-Za-z_][A-Za-z0-9_.[\]-]*=/.test(message.slice(appendedStart))) {
    return { ruleOutput: message, appended: '', style: 'parenthesised', fields, appendedFields: [] };
  }
  const appended = message.slice(appendedStart).trimEnd();
  return {
    ruleOutput: message.slice(0, close + 1),
    appended,
    style: 'parenthesised',
    fields,
    appendedFields: extractKeyValues(appended, { offset: appendedStart }),
  };
}

/** Piped and plain styles: the appended text is the trailing run of container/k8s pairs (never the first pair). */
function splitTrailing(message: string, bodyStart: number, style: OutputStyle): MessageParts {
  const pairs = extractKeyValues(message.slice(bodyStart), {
    offset: bodyStart,
    leadingLabel: style === 'piped',
  });
  let first = pairs.length;
  while (first > 1 && APPENDED_KEYS.has((pairs[first - 1] as KeyValue).key)) first -= 1;
  if (first === pairs.length) {
    return { ruleOutput: message, appended: '', style, fields: pairs, appendedFields: [] };
  }
  const appendedStart = (pairs[first] as KeyValue).start;
  return {
    ruleOutput: message.slice(0, appendedStart).trimEnd(),
    appended: message.slice(appendedStart).trimEnd(),
    style,
    fields: pairs.slice(0, first),
    appendedFields: pairs.slice(first),
  };
}

/** Index of the `)` closing the `(` at `open`, or -1 when the parentheses never balance. */
function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
