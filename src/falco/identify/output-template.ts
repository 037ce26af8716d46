/**
 * A rule's `output` as a template: literal text and field tokens, the way libs' event formatter reads it.
 *
 *   template = *(literal / token)
 *   token    = "%" [width] (transformer / field)      ; width = 1*DIGIT, pads the value
 *   field    = name ["[" arg "]"]                     ; name = ident 1*("." 1*word): proc.name, evt.arg.flags
 *   transformer = tname "(" balanced ")" ["[" arg "]"] ; tolower(proc.name), join(",", (a, b))
 *
 * A `%` that starts no token is literal text. `%container.info` is kept as a token of its own kind: Falco replaces it
 * with the `-p`/`-pk`/`-pc` text (`k8s.ns=… k8s.pod=… container=…`) or renders it as `name (id=…)`, so it stands for
 * free text rather than one value.
 *
 * The title is the static text before the first `%`, `(` or `|` (trimmed): what stays the same across every alert of
 * the rule, and across most Falco versions (reference §3.2).
 */

export type TemplateToken =
  | { readonly kind: 'literal'; readonly text: string }
  /** `key` is the field expression as Falco keys it in `output_fields` (`proc.aname[2]`, `tolower(proc.name)`). */
  | { readonly kind: 'field'; readonly key: string; readonly label?: string; readonly padded: boolean }
  | { readonly kind: 'container-info' };

export interface OutputTemplate {
  /** The output, trimmed, as the rule wrote it. */
  readonly text: string;
  readonly title: string;
  /** Literals merged; never two literals in a row. */
  readonly tokens: readonly TemplateToken[];
  /** The field keys, in order of first appearance (`container.info` excluded). */
  readonly fields: readonly string[];
  /** The `key=` labels written before field tokens (`user`, `program`, `file`). */
  readonly labels: readonly string[];
  /** Characters of literal text: how specific the template is. */
  readonly literalLength: number;
}

const TRANSFORMER = /^(tolower|toupper|b64|basename|len|join|concat|getopt|val)\(/;
const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+(?:\[[^\]]*\])?/;
const WIDTH = /^\d+/;
const LABEL = /([A-Za-z_][A-Za-z0-9_.[\]-]*)=$/;

/** Reads one output template; never fails (unparseable `%` sequences are literal text, as in libs). */
export function parseOutputTemplate(output: string): OutputTemplate {
  const text = output.trim();
  const tokens: TemplateToken[] = [];
  let literal = '';
  let index = 0;
  const flushLiteral = (): void => {
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
  };
  while (index < text.length) {
    const percent = text.indexOf('%', index);
    if (percent < 0) {
      literal += text.slice(index);
      break;
    }
    literal += text.slice(index, percent);
    const token = readToken(text, percent + 1);
    if (token === undefined) {
      literal += '%';
      index = percent + 1;
      continue;
    }
    const label = LABEL.exec(literal)?.[1];
    flushLiteral();
    if (token.key === 'container.info') tokens.push({ kind: 'container-info' });
    else
      tokens.push({
        kind: 'field',
        key: token.key,
        padded: token.padded,
        ...(label === undefined ? {} : { label }),
      });
    index = token.end;
  }
  flushLiteral();
  const fields: string[] = [];
  const labels: string[] = [];
  let literalLength = 0;
  for (const token of tokens) {
    if (token.kind === 'literal') literalLength += token.text.length;
    else if (token.kind === 'field') {
      if (!fields.includes(token.key)) fields.push(token.key);
      if (token.label !== undefined) labels.push(token.label);
    }
  }
  return { text, title: outputTitle(text), tokens, fields, labels, literalLength };
}

/** The static text before the first `%`, `(` or `|`, trimmed. */
export function outputTitle(output: string): string {
  const end = output.search(/[%(|]/);
  return (end < 0 ? output : output.slice(0, end)).trim();
}

function readToken(
  text: string,
  start: number,
): { readonly key: string; readonly end: number; readonly padded: boolean } | undefined {
  let index = start;
  const width = WIDTH.exec(text.slice(index, index + 12));
  if (width !== null) index += width[0].length;
  const rest = text.slice(index, index + 4096);
  if (TRANSFORMER.test(rest)) {
    const close = closingParenthesis(rest, rest.indexOf('('));
    if (close < 0) return undefined;
    let end = close + 1;
    const arg = /^\[[^\]]*\]/.exec(rest.slice(end));
    if (arg !== null) end += arg[0].length;
    return { key: rest.slice(0, end), end: index + end, padded: width !== null };
  }
  const field = FIELD.exec(rest);
  if (field === null) return undefined;
  return { key: field[0], end: index + field[0].length, padded: width !== null };
}

function closingParenthesis(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    if (char === '"' || char === "'") quote = char;
    else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}
