/** How `falco-triage except` prints its result: a report for a terminal, or one JSON object. */
import type { Synthesis, Verification } from '../../falco/exceptions/index.js';
import type { AppliedEdit } from '../../falco/rules-file-edit/index.js';
import { formatFalcoVersion, type FalcoVersion } from '../../falco/version.js';

export interface ExceptReport {
  readonly options: { readonly custom: string; readonly version: FalcoVersion; readonly write: boolean };
  /** How the scope was matched (globs and why), and what it risks. */
  readonly scope: { readonly notes: readonly string[]; readonly warnings: readonly string[] };
  readonly synthesis: Synthesis;
  readonly edit: AppliedEdit;
  readonly verification: Verification;
  readonly diff: string;
  readonly written: boolean;
  readonly created: boolean;
}

function strategyLine(s: Synthesis): string {
  const how = s.form === 'override' ? 'override' : 'append: true';
  switch (s.change.kind) {
    case 'exception':
      return `exception "${s.change.name}" on rule "${s.rule}" (${how}${s.change.exists ? ', adding values' : ''})`;
    case 'list':
      return `append to list "${s.target}" (${how})`;
    case 'macro':
      return `extend macro "${s.target}" (${how})`;
    case 'condition':
      return `append "and not (...)" to the condition of "${s.rule}" (${how})`;
  }
}

function mark(ok: boolean): string {
  return ok ? '✓' : '✗';
}

export function exceptReport(report: ExceptReport): string {
  const { synthesis: s, verification: v } = report;
  const lines: string[] = [];
  lines.push(`Rule:     ${s.rule}`);
  lines.push(`Strategy: ${strategyLine(s)}`);
  lines.push(`Excepts:  ${s.predicate}`);
  for (const note of report.scope.notes) lines.push(`  note: ${note}`);
  for (const warning of report.scope.warnings) lines.push(`  warning: ${warning}`);
  lines.push(
    `Other rules: ${s.alsoAffects.length === 0 ? 'silences no other rule' : `also silences ${s.alsoAffects.join(', ')}`}; ` +
      (s.firesMore.length === 0
        ? 'makes no other rule fire more'
        : `makes ${s.firesMore.join(', ')} fire MORE (they use it without "not")`),
  );
  const where =
    report.edit.entry === undefined
      ? report.options.custom
      : `${report.options.custom} (customRules entry ${report.edit.entry})`;
  lines.push(`File:     ${where}${report.created ? ' (new file)' : ''}`);
  lines.push('', report.diff.trimEnd(), '');
  lines.push(
    `Verification (Falco ${formatFalcoVersion(report.options.version)}): ${v.ok ? 'passed' : 'FAILED'}`,
  );
  const loads = v.newErrors.length === 0 && v.newWarnings.length === 0;
  lines.push(`  ${mark(loads)} loads with the base rules without new errors or warnings`);
  const by = v.alert.by === undefined ? '' : ` (by ${v.alert.by.kind} ${v.alert.by.name})`;
  const fate =
    v.alert.verdict === 'excepted'
      ? `is excepted${by}`
      : v.alert.verdict === 'still-fires'
        ? 'still fires'
        : 'may still fire (undecided)';
  lines.push(`  ${mark(v.alert.verdict === 'excepted')} the alert ${fate}`);
  const specific = v.specificity.broader.length === 0;
  lines.push(
    `  ${mark(specific)} ${v.specificity.checked} altered copies of the alert ${specific ? 'still fire' : 'checked, some excepted'}`,
  );
  for (const problem of v.problems) lines.push(`  - ${problem}`);
  if (v.impact !== undefined) {
    const i = v.impact;
    lines.push(
      `Impact over the given alerts: ${i.excepted} excepted, ${i.stillFires} still fire, ${i.unknown} unknown, on ${i.exceptedHosts} host(s)`,
    );
  }
  if (report.written) lines.push(`Wrote ${report.options.custom}.`);
  else if (report.options.write) lines.push(`Not written: verification failed.`);
  return `${lines.join('\n')}\n`;
}

export function exceptJson(report: ExceptReport): string {
  const { synthesis: s, verification: v } = report;
  return `${JSON.stringify({
    ok: v.ok,
    rule: s.rule,
    strategy: s.strategy,
    target: s.target,
    form: s.form,
    fields: s.fields,
    values: s.values,
    predicate: s.predicate,
    scope: report.scope,
    alsoAffects: s.alsoAffects,
    firesMore: s.firesMore,
    yaml: s.yaml,
    file: report.options.custom,
    entry: report.edit.entry,
    action: report.edit.action,
    diff: report.diff,
    verification: {
      ok: v.ok,
      problems: v.problems,
      alert: v.alert,
      condition: v.condition,
      specificity: v.specificity,
      newErrors: v.newErrors,
      newWarnings: v.newWarnings,
      ...(v.impact === undefined ? {} : { impact: v.impact }),
    },
    written: report.written,
  })}\n`;
}
