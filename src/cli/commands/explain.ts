/**
 * `falco-triage explain`: which rule raised an alert, why it fired (its condition expanded and evaluated against the
 * alert's fields), where it can be excepted and what else each change would silence, and suggested YAML. The work
 * is the pure engine in src/falco/explain; this file reads files and stdin, and prints.
 *
 * Exit status: 0 explained (every alert, with --alerts); 1 an alert could not be parsed or identified, or the rules
 * do not load; 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { readAlerts } from '../../falco/alert/index.js';
import { parseFieldCatalog } from '../../falco/fields/index.js';
import { fieldTypesFromCatalog, type FieldTypeLookup } from '../../falco/eval/index.js';
import {
  createAlertExplainer,
  formatExplainText,
  reportJson,
  type ExplainOutcome,
} from '../../falco/explain/index.js';
import { loadRules } from '../../falco/rules/index.js';
import { formatFalcoVersion, NEWEST_VERSION, type FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { readRulesFiles, readText, versionOption } from './exception-cli-support.js';

const usage = `Usage: falco-triage explain --rules FILE... [--falco-version V] [--fields FILE] [--json] ALERT
       falco-triage explain --rules FILE... [options] --alert FILE
       falco-triage explain --rules FILE... [options] --alerts FILE

Finds the rule that raised a Falco alert, shows why it fired (the condition with macros and lists expanded, each
part evaluated against the alert: ✓ true, ✗ false, ? unknown), its exception points with the other rules each one
would also silence, and suggested exceptions with their YAML.

ALERT is a JSON alert (Falco or Falcosidekick), a plain-text alert line (any Falco version's output, with or
without its time and priority, after any log prefix), or - to read stdin. Quote it for the shell. Text lines are
matched against the loaded rules' outputs to find the rule and read the field values; a line holding several alerts
run together is reported as such.

Options:
  --rules FILE...     rules files (or Helm values files with customRules) in load order; repeat the option or
                      list several files after it
  --falco-version V   the Falco release the rules run on (default ${formatFalcoVersion(NEWEST_VERSION)}): grammar and exception forms
  --fields FILE       field catalog (fields.json, or one field per line): exact field types
  --alert FILE        read the alert from FILE (- for stdin)
  --alerts FILE       explain every alert in FILE (JSON array, NDJSON, or text lines such as a Falco log; - for
                      stdin); with --json, one JSON object per line, in order
  --json              print JSON: {"rule","candidates","priority","fields","explanation","exceptionPoints",
                      "suggestions","reading",...}; an alert that cannot be explained prints {"error","kind",...}
                      (kind "ambiguous" lists the "candidates" when the text cannot say which rule it is)
  -h, --help          show this help

Exit status: 0 explained, 1 an alert could not be parsed or identified (or the rules do not load), 2 bad usage.
`;

interface Options {
  readonly rules: readonly string[];
  readonly version: FalcoVersion;
  readonly fieldsFile: string | undefined;
  readonly json: boolean;
  readonly input:
    { readonly kind: 'text'; readonly text: string } | { readonly kind: 'file'; readonly file: string };
  readonly many: boolean;
}

function parseOptions(args: readonly string[]): Result<Options, string> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        rules: { type: 'string', multiple: true },
        'falco-version': { type: 'string' },
        fields: { type: 'string' },
        json: { type: 'boolean' },
        alert: { type: 'string' },
        alerts: { type: 'string' },
      },
    });
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.alert !== undefined && values.alerts !== undefined)
    return err('give --alert or --alerts, not both');
  const fromFile = values.alert ?? values.alerts;
  // Without --alert/--alerts the last positional is the alert; any others are more rules files (`--rules a b`).
  const alert = fromFile === undefined ? positionals[positionals.length - 1] : undefined;
  const rules = [
    ...(values.rules ?? []),
    ...(fromFile === undefined ? positionals.slice(0, -1) : positionals),
  ];
  if (rules.length === 0) return err('--rules: no rules file given');
  if (fromFile === undefined && alert === undefined)
    return err('no alert given: pass ALERT, - (stdin), --alert or --alerts');
  const version = versionOption(values['falco-version']);
  if (!version.ok) return version;
  return ok({
    rules,
    version: version.value,
    fieldsFile: values.fields,
    json: values.json === true,
    input: fromFile === undefined ? { kind: 'text', text: alert ?? '' } : { kind: 'file', file: fromFile },
    many: values.alerts !== undefined,
  });
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage explain: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

async function readInput(io: CliIo, input: Options['input']): Promise<Result<string, string>> {
  if (input.kind === 'text') return ok(input.text === '-' ? await io.readStdin() : input.text);
  return input.file === '-' ? ok(await io.readStdin()) : readText(io, input.file);
}

function readFieldTypes(io: CliIo, file: string | undefined): Result<FieldTypeLookup | undefined, string> {
  if (file === undefined) return ok(undefined);
  const text = readText(io, file);
  if (!text.ok) return text;
  const catalog = parseFieldCatalog(text.value);
  return catalog.ok
    ? ok(fieldTypesFromCatalog(catalog.value))
    : err(`field catalog ${file}: ${catalog.error.message}`);
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args);
  if (!parsed.ok) return usageError(io, parsed.error);
  const options = parsed.value;
  const inputs = readRulesFiles(io, options.rules);
  if (!inputs.ok) return usageError(io, inputs.error);
  const fieldType = readFieldTypes(io, options.fieldsFile);
  if (!fieldType.ok) return usageError(io, fieldType.error);
  const text = await readInput(io, options.input);
  if (!text.ok) return usageError(io, text.error);

  const loaded = loadRules(inputs.value, { falcoVersion: options.version });
  for (const error of loaded.errors)
    io.stderr(`${error.file}:${error.line}:${error.column}: error: ${error.message}\n`);
  if (loaded.warnings.length > 0)
    io.stderr(
      `falco-triage explain: the rules load with ${loaded.warnings.length} warning${loaded.warnings.length === 1 ? '' : 's'} ` +
        '(falco-triage validate lists them)\n',
    );
  if (!loaded.ok) {
    io.stderr(
      `falco-triage explain: the rules do not load (${loaded.errors.length} errors); fix them first\n`,
    );
    return EXIT_FAILED;
  }

  const explainer = createAlertExplainer(loaded.ruleset, {
    falcoVersion: options.version,
    ...(fieldType.value === undefined ? {} : { fieldType: fieldType.value }),
  });
  const now = Date.now();
  const { items } = readAlerts(text.value, { fallbackTime: now });
  if (items.length === 0) {
    io.stderr('falco-triage explain: no alert in the input: expected a JSON alert or a Falco alert line\n');
    return EXIT_FAILED;
  }
  // Each alert is printed as soon as it is explained; a terminal sees the count move.
  const progress = io.isTty && items.length >= 50;
  const last = items.length - 1;
  let failed = 0;
  items.forEach((item, index) => {
    const outcome = explainer.explainItem(item, { now });
    if (outcome.kind !== 'explained') failed += 1;
    print(io, outcome, { json: options.json, many: options.many || items.length > 1, index });
    if (progress && (index % 100 === 99 || index === last))
      io.stderr(`\rexplained ${index + 1}/${items.length}${index === last ? '\n' : ''}`);
  });
  if (failed > 0 && items.length > 1)
    io.stderr(`falco-triage explain: ${failed} of ${items.length} alerts could not be explained\n`);
  return failed === 0 ? EXIT_OK : EXIT_FAILED;
}

function print(
  io: CliIo,
  outcome: ExplainOutcome,
  how: { readonly json: boolean; readonly many: boolean; readonly index: number },
): void {
  if (how.json) {
    const value = outcome.kind === 'explained' ? reportJson(outcome.report) : failureJson(outcome);
    io.stdout(`${how.many ? JSON.stringify(value) : JSON.stringify(value, null, 2)}\n`);
    return;
  }
  if (outcome.kind === 'explained') {
    if (how.many) io.stdout(`${how.index === 0 ? '' : '\n'}=== alert ${how.index + 1} ===\n`);
    io.stdout(formatExplainText(outcome.report));
    return;
  }
  const where =
    how.many && (outcome.kind !== 'invalid' || outcome.line !== undefined) ? `alert ${how.index + 1}: ` : '';
  io.stderr(`falco-triage explain: ${where}${failureMessage(outcome)}\n`);
}

function failureJson(outcome: Exclude<ExplainOutcome, { kind: 'explained' }>): Record<string, unknown> {
  if (outcome.kind === 'invalid')
    return {
      error: outcome.message,
      kind: 'invalid',
      ...(outcome.line === undefined ? {} : { line: outcome.line }),
    };
  if (outcome.kind === 'ambiguous') {
    const { reason, candidates } = outcome.identification;
    return {
      error: outcome.message,
      kind: 'ambiguous',
      reason,
      candidates: candidates.map(({ rule, priority, score, match, text }) => ({
        rule,
        priority,
        score,
        match,
        text,
      })),
    };
  }
  const { identification } = outcome;
  return {
    error: outcome.message,
    kind: identification.reason,
    ...(identification.rule === undefined ? {} : { rule: identification.rule }),
    hints: identification.hints,
  };
}

function failureMessage(outcome: Exclude<ExplainOutcome, { kind: 'explained' }>): string {
  if (outcome.kind === 'invalid') return `not an alert: ${outcome.message}`;
  if (outcome.kind === 'ambiguous') {
    const { reason, candidates } = outcome.identification;
    // Each alert of a joined line is shown so it can be pasted alone; one line's rules need only their names.
    const listed = candidates.map(
      (candidate, index) =>
        `  ${index + 1}. ${candidate.rule} (${candidate.priority})` +
        (reason === 'several-alerts' ? `: ${clip(candidate.text, 160)}` : ''),
    );
    return `cannot tell which rule raised the alert: ${outcome.message}.\n${listed.join('\n')}`;
  }
  const hint =
    outcome.identification.reason === 'unknown-rule'
      ? ' Load the rules file that defines it with --rules (custom rules, plugin rules).'
      : ' Check that --rules and --falco-version match the Falco that printed it.';
  return `cannot identify the alert: ${outcome.message}.${hint}`;
}

function clip(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'Explain why a Falco alert fired and how to except it safely',
  usage,
  run,
};
