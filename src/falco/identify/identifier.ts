/**
 * Identification: which loaded rule produced an alert, and the field values it printed.
 *
 * - A JSON alert names its rule: it is looked up by name. A name the ruleset lacks is a clear `unknown-rule` answer
 *   with the closest names (and the rules whose output matches the alert's text, e.g. a renamed rule). When the alert
 *   carries no `output_fields` (`json_include_output_fields_property: false`), the values are read from its output.
 * - A text line is compared with the rules whose output title starts it (identify-text.ts): with or without its
 *   header, after any junk, and cut where a log collector joined alerts. The answer may be `ambiguous` when the text
 *   cannot say which rule raised it, and is `no-match` when no rule fits, with the closest titles' rules as hints.
 *
 * `createIdentifier` does the per-ruleset work once (templates, title buckets, compiled conditions on first use), so
 * identifying one alert costs a few template alignments.
 */
import { extractKeyValues, parseTextLine } from '../alert/index.js';
import type { Alert, ReadAlert, TextAlert } from '../alert/index.js';
import type { FieldTypeLookup, EvalOptions } from '../eval/index.js';
import type { Ruleset } from '../rules/index.js';
import { closestNames } from './closest-names.js';
import { valueKinds, type ValueKindLookup } from './field-typing.js';
import {
  type Candidate,
  type FieldSource,
  type Identification,
  type Identified,
  type Unidentified,
} from './identification.js';
import { identifyTextAlert } from './identify-text.js';
import { RuleIndex } from './rule-index.js';
import { rankCandidates, scoreTextCandidate } from './text-candidates.js';
import type { IdentifyOptions } from './identify-options.js';

export interface IdentifierOptions {
  /** Declared field types (eval's `fieldTypesFromCatalog`): types recovered values and conditions exactly. */
  readonly fieldType?: FieldTypeLookup;
}

export type { IdentifyOptions } from './identify-options.js';

export interface Identifier {
  identify(input: ReadAlert, options?: IdentifyOptions): Identification;
  identifyText(alert: TextAlert, options?: IdentifyOptions): Identification;
  identifyJson(alert: Alert, options?: IdentifyOptions): Identification;
}

/** Builds the indexes of `ruleset` once; the identifier is then cheap per alert and holds no other state. */
export function createIdentifier(ruleset: Ruleset, options: IdentifierOptions = {}): Identifier {
  const evalOptions: EvalOptions = options.fieldType === undefined ? {} : { fieldType: options.fieldType };
  const index = new RuleIndex(ruleset, evalOptions);
  const kinds = valueKinds(options.fieldType);

  const identifyText = (alert: TextAlert, opts: IdentifyOptions = {}): Identification =>
    identifyTextAlert({ index, kinds }, alert, opts);

  const identifyJson = (alert: Alert, _opts: IdentifyOptions = {}): Identification => {
    const indexed = index.byName.get(alert.rule);
    if (indexed === undefined) {
      const byText = alert.message === undefined ? [] : textCandidates(index, alert, kinds);
      const hints = [...new Set([...byText, ...closestNames(alert.rule, index.byName.keys())])].slice(0, 5);
      const unknown: Unidentified = {
        kind: 'unidentified',
        input: 'json',
        reason: 'unknown-rule',
        rule: alert.rule,
        hints,
        message:
          `the alert names rule ${JSON.stringify(alert.rule)}, which is not in the loaded rules` +
          (hints.length === 0 ? '' : `; closest: ${hints.map((hint) => JSON.stringify(hint)).join(', ')}`),
        alert,
      };
      return unknown;
    }
    let fields = alert.fields;
    const sources = Object.create(null) as Record<string, FieldSource>;
    const notes: string[] = [];
    if (Object.keys(fields).length === 0 && alert.message !== undefined) {
      const scored = scoreTextCandidate(indexed, asTextAlert(alert), kinds);
      fields = scored.fields;
      Object.assign(sources, scored.sources);
      if (Object.keys(fields).length > 0)
        notes.push('the alert has no output_fields: values were read from its output text');
    } else for (const key of Object.keys(fields)) sources[key] = 'output_fields';
    const condition = indexed.evaluate(fields);
    const candidate: Candidate = {
      rule: alert.rule,
      score: 1,
      match: 'rule-name',
      priorityAgrees: indexed.rule.priority === alert.priority,
      condition,
    };
    const result: Identified = {
      kind: 'identified',
      input: 'json',
      rule: alert.rule,
      candidates: [candidate],
      fields,
      sources,
      alert: fields === alert.fields ? alert : { ...alert, fields },
      notes,
    };
    return result;
  };

  return {
    identifyText,
    identifyJson,
    identify: (input, opts) =>
      input.kind === 'json' ? identifyJson(input.alert, opts) : identifyText(input.alert, opts),
  };
}

/** Rules whose output matches a JSON alert's text (a renamed rule keeps its output). */
function textCandidates(index: RuleIndex, alert: Alert, kinds: ValueKindLookup): string[] {
  const text = asTextAlert(alert);
  return rankCandidates(
    index.titleMatches(text.message).map((indexed) => scoreTextCandidate(indexed, text, kinds)),
  )
    .filter((scored) => scored.candidate.match !== 'title')
    .map((scored) => scored.candidate.rule);
}

/**
 * A JSON alert's text as a text alert for template matching: its `output` read as a line (the appended text and the
 * `key=value` labels split as for any line), else its message whole.
 */
function asTextAlert(alert: Alert): TextAlert {
  if (alert.output !== undefined) {
    const parsed = parseTextLine(alert.output);
    if (parsed.ok) return parsed.value;
  }
  const message = alert.message ?? '';
  return {
    line: message,
    logPrefix: '',
    time: { kind: 'instant', raw: alert.time.raw, time: alert.time },
    priority: alert.priority,
    severity: alert.severity,
    message,
    ruleOutput: message,
    appended: '',
    style: 'plain',
    fields: extractKeyValues(message),
    appendedFields: [],
  };
}
