/**
 * A first look at a values or rules file that already exists, so `init-rules-repo` can warn about the common
 * mix-ups (a rules file passed as --values, a values file without customRules) before CI finds them. It never
 * fails the command: CI validates the file fully.
 */
import { parseDocument } from 'yaml';

export interface ExistingFileReport {
  readonly warnings: readonly string[];
  /** What was found, for the report, e.g. "customRules: custom_rules.yaml, shared.yaml". */
  readonly summary: string | undefined;
}

export function inspectExistingFile(path: string, text: string, kind: 'helm' | 'rules'): ExistingFileReport {
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0];
    return {
      warnings: [
        `${path} is not valid YAML (${first?.message.split('\n')[0] ?? 'parse error'}); CI will reject it`,
      ],
      summary: undefined,
    };
  }
  const value: unknown = document.toJS();
  if (kind === 'helm') return inspectValues(path, value);
  return inspectRules(path, value);
}

function field(value: unknown, ...keys: string[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** Whether Helm values run Falcosidekick (`falcosidekick.enabled: true`): alerts then go through its webhook. */
export function valuesRunFalcosidekick(text: string): boolean {
  const document = parseDocument(text);
  return document.errors.length === 0 && field(document.toJS(), 'falcosidekick', 'enabled') === true;
}

/** falco.http_output.url set next to falcosidekick.enabled: the URL wins over the chart's Sidekick address. */
function bypassedSidekick(path: string, value: unknown): string[] {
  const url = field(value, 'falco', 'http_output', 'url');
  if (field(value, 'falcosidekick', 'enabled') !== true || typeof url !== 'string' || url === '') return [];
  return [
    `${path} sets falco.http_output.url with falcosidekick.enabled: Falco posts to that URL instead of Falcosidekick, ` +
      "which then receives no alerts; remove the URL and reach falco-triage through Falcosidekick's webhook output (README.md)",
  ];
}

function inspectValues(path: string, value: unknown): ExistingFileReport {
  const report = inspectCustomRules(path, value);
  return { ...report, warnings: [...bypassedSidekick(path, value), ...report.warnings] };
}

function inspectCustomRules(path: string, value: unknown): ExistingFileReport {
  if (Array.isArray(value)) {
    return {
      warnings: [`${path} is a list, like a rules file, not Helm values: did you mean --rules-file ${path}?`],
      summary: undefined,
    };
  }
  if (value === null || value === undefined) {
    return { warnings: [`${path} is empty: it has no customRules yet`], summary: undefined };
  }
  if (typeof value !== 'object') {
    return { warnings: [`${path} is not a YAML mapping of Helm values`], summary: undefined };
  }
  const customRules = (value as Record<string, unknown>)['customRules'];
  if (customRules === undefined || customRules === null) {
    return {
      warnings: [
        `${path} has no customRules: falco-triage will add customRules.custom_rules.yaml with the first exception`,
      ],
      summary: 'no customRules',
    };
  }
  if (typeof customRules !== 'object' || Array.isArray(customRules)) {
    return {
      warnings: [`${path}: customRules must map file names to rules text (custom_rules.yaml: |-)`],
      summary: undefined,
    };
  }
  const entries = Object.entries(customRules as Record<string, unknown>);
  const warnings = entries
    .filter(([, rules]) => typeof rules !== 'string')
    .map(
      ([name]) =>
        `${path}: customRules.${name} must be rules text in a block (|-), not a YAML list or mapping`,
    );
  for (const [name] of entries) {
    if (!/^[-._a-zA-Z0-9]+$/.test(name)) {
      warnings.push(
        `${path}: customRules key "${name}" is not a plain file name; the chart and CI reject it`,
      );
    }
  }
  return { warnings, summary: `customRules: ${entries.map(([name]) => name).join(', ') || '(empty)'}` };
}

function inspectRules(path: string, value: unknown): ExistingFileReport {
  if (value === null || value === undefined) return { warnings: [], summary: 'no rules yet' };
  if (!Array.isArray(value)) {
    const looksLikeValues = typeof value === 'object' && 'customRules' in value;
    return {
      warnings: [
        looksLikeValues
          ? `${path} has customRules, like Helm values, not a rules file: did you mean --values ${path}?`
          : `${path} is not a list of rules, macros and lists; CI will reject it`,
      ],
      summary: undefined,
    };
  }
  const kinds = { rule: 0, macro: 0, list: 0 };
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    for (const key of ['rule', 'macro', 'list'] as const) if (key in item) kinds[key] += 1;
  }
  return { warnings: [], summary: `${kinds.rule} rules, ${kinds.macro} macros, ${kinds.list} lists` };
}
