/**
 * Matching one rule's output template against a text alert and reading the printed values.
 *
 * Attempts, first success wins: the rule output as the line parser split it; the whole message (the template itself
 * may print what looked appended, e.g. a trailing `%container.info`); the message with appended text allowed after
 * the template. Each exactly, then with flexible whitespace. A field printed twice must print the same text.
 */
import type { TextAlert } from '../alert/index.js';
import { alignTemplate, alignTemplateBackwards, type Alignment, type AlignOptions } from './align.js';
import { containerFieldTexts } from './container-fields.js';
import { printable, type ValueKindLookup } from './field-typing.js';
import type { OutputTemplate } from './output-template.js';

export type TemplateFit = 'exact' | 'whole-message' | 'with-appended' | 'flexible';

export interface PrintedField {
  readonly text: string;
  /** Printed by the rule's own token, inside `%container.info`, or in the text Falco appended. */
  readonly from: 'template' | 'container-info' | 'appended';
}

export interface TemplateMatch {
  readonly fit: TemplateFit;
  readonly fields: ReadonlyMap<string, PrintedField>;
  /** Share of the matched text that is the template's literal text (0–1): how specific the match is. */
  readonly coverage: number;
  /** Where the template's match ended in `text`. */
  readonly end: number;
  readonly text: string;
}

const ATTEMPTS: readonly {
  readonly on: 'ruleOutput' | 'message';
  readonly rest: AlignOptions['rest'];
  readonly fit: TemplateFit;
}[] = [
  { on: 'ruleOutput', rest: 'end', fit: 'exact' },
  { on: 'message', rest: 'end', fit: 'whole-message' },
  { on: 'message', rest: 'appended', fit: 'with-appended' },
];

/**
 * What `%container.info` can print: nothing, the `-p` text (it starts with one of its keys) or `name (id=…)`.
 * Constraining it keeps a value with spaces before it whole (`command=sh -c x %container.info`).
 */
const CONTAINER_INFO =
  /^(?:|(?:k8s\.ns|k8s\.pod|container|container_id|container_name|k8s_ns_name|k8s_pod_name)=[\s\S]*|\S* \(id=[^()\s]*\))$/;

export function matchTemplate(
  template: OutputTemplate,
  alert: Pick<TextAlert, 'message' | 'ruleOutput' | 'appended'>,
  kinds: ValueKindLookup,
): TemplateMatch | undefined {
  const accepts = (index: number, value: string): boolean => {
    const token = template.tokens[index];
    if (token?.kind === 'container-info') return CONTAINER_INFO.test(value);
    return (
      token?.kind !== 'field' || printable(kinds(token.key), token.padded ? value.trim() : value, token.key)
    );
  };
  for (const flexible of [false, true]) {
    for (const attempt of ATTEMPTS) {
      // Without appended text the whole message is the rule output: the first attempt already covered it.
      if (attempt.fit === 'whole-message' && alert.appended === '') continue;
      const text = attempt.on === 'ruleOutput' ? alert.ruleOutput : alert.message;
      const aligned = bestAlignment(template, text, { rest: attempt.rest, flexible, accepts });
      if (aligned === undefined) continue;
      const fields = readFields(template, text, aligned.spans);
      if (fields === undefined) continue;
      addAppended(
        fields,
        text.slice(aligned.end) + (attempt.on === 'ruleOutput' ? ` ${alert.appended}` : ''),
      );
      return {
        fit: flexible ? 'flexible' : attempt.fit,
        fields,
        coverage: aligned.end === 0 ? 1 : Math.min(1, template.literalLength / aligned.end),
        end: aligned.end,
        text,
      };
    }
  }
  return undefined;
}

/**
 * The forward alignment, unless one of its values holds a label of the template (` file=`) and the backward one has
 * fewer such values: then the backward one. See align.ts.
 */
function bestAlignment(template: OutputTemplate, text: string, options: AlignOptions): Alignment | undefined {
  const forward = alignTemplate(template.tokens, text, options);
  const forwardLeaks = forward === undefined ? Infinity : leaks(template, text, forward);
  if (forwardLeaks === 0 || options.rest !== 'end') return forward;
  const backward = alignTemplateBackwards(template.tokens, text, options);
  if (backward === undefined) return forward;
  return leaks(template, text, backward) < forwardLeaks ? backward : forward;
}

/**
 * Values that contain one of the template's own labels (` parent=`), a sign of a misplaced boundary, weighted: a
 * command line or argument list holding `key=` text is ordinary, a file name, user or process name holding one is
 * not.
 */
function leaks(template: OutputTemplate, text: string, alignment: Alignment): number {
  const labels = template.labels.filter((label) => label.length > 1).map((label) => ` ${label}=`);
  if (labels.length === 0) return 0;
  let count = 0;
  for (const [index, token] of template.tokens.entries()) {
    if (token.kind !== 'field') continue;
    const [start, end] = alignment.spans[index] ?? [0, 0];
    const value = text.slice(start, end);
    if (labels.some((label) => value.includes(label))) count += FREE_TEXT.test(token.key) ? 1 : 3;
  }
  return count;
}

const FREE_TEXT = /^(?:proc\.(?:p?cmdline|a?args|a?env|acmdline)|evt\.args?\b)/;

function readFields(
  template: OutputTemplate,
  text: string,
  spans: readonly (readonly [number, number])[],
): Map<string, PrintedField> | undefined {
  const fields = new Map<string, PrintedField>();
  const containerTexts: string[] = [];
  for (const [index, token] of template.tokens.entries()) {
    const [start, end] = spans[index] ?? [0, 0];
    if (token.kind === 'literal') continue;
    const printed = text.slice(start, end);
    if (token.kind === 'container-info') {
      containerTexts.push(printed);
      continue;
    }
    const value = token.padded ? printed.trim() : printed;
    const seen = fields.get(token.key);
    if (seen !== undefined && seen.text !== value) return undefined;
    fields.set(token.key, { text: value, from: 'template' });
  }
  for (const printed of containerTexts)
    for (const [key, value] of containerFieldTexts(printed))
      if (!fields.has(key)) fields.set(key, { text: value, from: 'container-info' });
  return fields;
}

function addAppended(fields: Map<string, PrintedField>, appended: string): void {
  for (const [key, value] of containerFieldTexts(appended))
    if (!fields.has(key)) fields.set(key, { text: value, from: 'appended' });
}
