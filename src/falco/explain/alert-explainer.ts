/**
 * From pasted text to answers: read the alerts in it (JSON, NDJSON, a Falco log, Markdown code), identify each one's
 * rule, explain it and ask exception synthesis how to silence it. The CLI's `explain` and Slack's `/falco explain`
 * both call this; rules are loaded by the caller, once.
 *
 * The report is the CLI's `--json` contract: `{rule, candidates, priority, fields, explanation, exceptionPoints,
 * suggestions}` plus `input`, `sources`, `notes`, for a text alert how it was read (`reading`) and, for callers (not
 * printed), the `alert`.
 */
import {
  readAlerts,
  type Alert,
  type FieldMap,
  type Priority,
  type ReadAlert,
  type ReadItem,
} from '../alert/index.js';
import type { FieldTypeLookup } from '../eval/index.js';
import {
  createIdentifier,
  type Ambiguous,
  type Candidate,
  type FieldSource,
  type TextReading,
  type Unidentified,
} from '../identify/index.js';
import type { Ruleset } from '../rules/index.js';
import { NEWEST_VERSION, type FalcoVersion } from '../version.js';
import type { ExceptionPoint } from './exception-points.js';
import { createExplainer, type Explanation } from './explainer.js';
import { suggestionsFor, type ExplainSuggestion } from './suggestions.js';
import type { TreeLimits } from './tree.js';

export interface ExplainReport {
  readonly rule: string;
  readonly candidates: readonly Candidate[];
  /** The alert's priority. */
  readonly priority: Priority;
  readonly input: 'json' | 'text';
  readonly fields: FieldMap;
  readonly sources: Readonly<Record<string, FieldSource>>;
  readonly explanation: Explanation;
  readonly exceptionPoints: readonly ExceptionPoint[];
  readonly suggestions: readonly ExplainSuggestion[];
  readonly notes: readonly string[];
  /** How a text alert was read: its header, skipped text, other alerts on the line, and a notice for people. */
  readonly reading?: TextReading;
  /** The alert as the bot models it (for storing a manually submitted alert); omitted from the JSON answer. */
  readonly alert: Alert;
}

export type ExplainOutcome =
  | { readonly kind: 'explained'; readonly report: ExplainReport }
  /** No loaded rule fits (an unknown rule name, or no output template/title matches). */
  | { readonly kind: 'unidentified'; readonly identification: Unidentified; readonly message: string }
  /** Loaded rules fit, but the text cannot say which raised the alert (alerts run together, no priority). */
  | { readonly kind: 'ambiguous'; readonly identification: Ambiguous; readonly message: string }
  /** The input is not an alert (bad JSON, not an alert line...). */
  | { readonly kind: 'invalid'; readonly message: string; readonly line?: number };

export interface AlertExplainerOptions {
  /** The version the rules were loaded as: grammar and which exception forms the suggestions use. */
  readonly falcoVersion?: FalcoVersion;
  readonly fieldType?: FieldTypeLookup;
  readonly limits?: Partial<TreeLimits>;
}

export interface ExplainOptions {
  /** Epoch milliseconds: dates text lines that carry only a time of day, and JSON alerts without a usable time. */
  readonly now?: number;
}

export interface AlertExplainer {
  readonly ruleset: Ruleset;
  readonly falcoVersion: FalcoVersion;
  explain(input: ReadAlert, options?: ExplainOptions): ExplainOutcome;
  /** One item of `readAlerts` (read with `fallbackTime` so a pasted alert's odd time is no obstacle). */
  explainItem(item: ReadItem, options?: ExplainOptions): ExplainOutcome;
  /** Every alert in `text`, in order; items that are not alerts are `invalid` outcomes with their line. */
  explainText(text: string, options?: ExplainOptions): ExplainOutcome[];
}

export function createAlertExplainer(ruleset: Ruleset, options: AlertExplainerOptions = {}): AlertExplainer {
  const falcoVersion = options.falcoVersion ?? NEWEST_VERSION;
  const typing = options.fieldType === undefined ? {} : { fieldType: options.fieldType };
  const identifier = createIdentifier(ruleset, typing);
  const explainer = createExplainer(ruleset, {
    falcoVersion,
    ...typing,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });

  const explain = (input: ReadAlert, opts: ExplainOptions = {}): ExplainOutcome => {
    const identification = identifier.identify(input, opts.now === undefined ? {} : { now: opts.now });
    if (identification.kind === 'unidentified')
      return { kind: 'unidentified', identification, message: identification.message };
    if (identification.kind === 'ambiguous')
      return { kind: 'ambiguous', identification, message: identification.message };
    const explanation = explainer.explain(identification);
    if (explanation === undefined)
      throw new Error(`internal: identified rule ${identification.rule} not loaded`);
    const report: ExplainReport = {
      rule: identification.rule,
      candidates: identification.candidates,
      priority: identification.alert.priority,
      input: identification.input,
      fields: identification.fields,
      sources: identification.sources,
      explanation,
      exceptionPoints: explanation.exceptionPoints,
      suggestions: suggestionsFor(identification.alert, ruleset, falcoVersion),
      notes: identification.notes,
      ...(identification.reading === undefined ? {} : { reading: identification.reading }),
      alert: identification.alert,
    };
    return { kind: 'explained', report };
  };

  const explainItem = (item: ReadItem, opts: ExplainOptions = {}): ExplainOutcome =>
    item.ok ? explain(item.input, opts) : { kind: 'invalid', message: item.problem.message, line: item.line };

  return {
    ruleset,
    falcoVersion,
    explain,
    explainItem,
    explainText: (text, opts = {}) =>
      readAlerts(text, opts.now === undefined ? {} : { fallbackTime: opts.now }).items.map((item) =>
        explainItem(item, opts),
      ),
  };
}

/** The report as the CLI prints it with `--json`: plain JSON, without the internal `alert` and syntheses. */
export function reportJson(report: ExplainReport): Record<string, unknown> {
  const { alert: _alert, suggestions, ...rest } = report;
  return {
    ...rest,
    suggestions: suggestions.map(({ synthesis: _synthesis, ...suggestion }) => suggestion),
  };
}
