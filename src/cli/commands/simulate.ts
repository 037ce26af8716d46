/**
 * `falco-triage simulate`: which alerts a rules change would silence. With several rules files, the last one is the
 * change under test and the alerts are taken as raised by the files before it (Falco raised them, so what those rules
 * exclude did not match): only what the last file changes is evaluated, which is decidable from the fields an alert
 * carries. With one file, each alert's whole rule condition is evaluated (mostly `unknown`: an alert carries only
 * the fields its rule's output prints).
 *
 * Exit status: 0 simulated; 1 the rules do not load; 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { alertSubject, evaluateAlert, planImpact, type AlertImpact } from '../../falco/exceptions/index.js';
import { loadRules } from '../../falco/rules/index.js';
import { formatFalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { readIdentifiedAlerts, readRulesFiles, readText, versionOption } from './exception-cli-support.js';

const usage = `Usage: falco-triage simulate --rules FILE... [--falco-version V] --alerts FILE [--json]

Shows, for each alert, whether the rules would still raise it: excepted (and by what: an exception, a list, a
macro, the condition), still-fires, or unknown (the alert lacks a field the decision needs), then a summary
{"excepted":N,"stillFires":N,"unknown":N}.

With several rules files, the last one is the change under test (e.g. your custom rules or Helm values file) and
the alerts are taken as raised by the files before it. With a single file, whole rule conditions are evaluated.

Options:
  --rules FILE...     rules files (or Helm values files) in load order; repeat or list several
  --falco-version V   behave as this Falco release (default: the newest modelled)
  --alerts FILE       alerts: a JSON array, NDJSON, or text lines (a Falco log); - for stdin
  --json              print one JSON object: alerts, summary and per-rule figures
  -h, --help          show this help

Exit status: 0 simulated, 1 the rules do not load, 2 bad usage.
`;

interface Options {
  readonly rules: readonly string[];
  readonly version: string | undefined;
  readonly alerts: string;
  readonly json: boolean;
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
        alerts: { type: 'string' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const rules = [...(values.rules ?? []), ...positionals];
  if (rules.length === 0) return err('--rules: no rules file given');
  if (values.alerts === undefined) return err('--alerts is required');
  return ok({ rules, version: values['falco-version'], alerts: values.alerts, json: values.json === true });
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage simulate: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

interface Row {
  readonly line: number;
  readonly rule: string;
  readonly impact: AlertImpact;
}

function describeBy(impact: AlertImpact): string {
  if (impact.verdict === 'excepted' && impact.by !== undefined)
    return impact.by.kind === 'rule-disabled'
      ? 'the rule is disabled'
      : `by ${impact.by.kind} ${impact.by.name}`;
  return impact.reason ?? '';
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args);
  if (!parsed.ok) return usageError(io, parsed.error);
  const options = parsed.value;
  const version = versionOption(options.version);
  if (!version.ok) return usageError(io, version.error);
  const files = readRulesFiles(io, options.rules);
  if (!files.ok) return usageError(io, files.error);
  const alertsText = options.alerts === '-' ? ok(await io.readStdin()) : readText(io, options.alerts);
  if (!alertsText.ok) return usageError(io, alertsText.error);

  const loadOptions = { falcoVersion: version.value };
  const after = loadRules(files.value, loadOptions);
  if (!after.ok) {
    const shown = after.errors.slice(0, 10).map((e) => `  ${e.file}:${e.line}:${e.column}: ${e.message}`);
    io.stderr(
      `falco-triage simulate: the rules do not load (${after.errors.length} error(s)):\n${shown.join('\n')}\n`,
    );
    return EXIT_FAILED;
  }
  const baseFiles = files.value.slice(0, -1);
  const before = baseFiles.length === 0 ? undefined : loadRules(baseFiles, loadOptions).ruleset;
  const plan = planImpact(before, after.ruleset, { falcoVersion: version.value });

  const read = readIdentifiedAlerts(alertsText.value, after.ruleset, Date.now());
  const rows: Row[] = [];
  const invalid: { line: number; problem: string }[] = [];
  const summary = { excepted: 0, stillFires: 0, unknown: 0 };
  read.forEach((item, index) => {
    if (!item.ok) {
      invalid.push({ line: item.line, problem: item.problem });
      return;
    }
    const impact = evaluateAlert(plan, alertSubject(item.alert));
    if (impact.verdict === 'excepted') summary.excepted++;
    else if (impact.verdict === 'still-fires') summary.stillFires++;
    else summary.unknown++;
    rows.push({ line: item.line, rule: item.alert.rule, impact });
    if (io.isTty && !options.json && read.length > 20000 && index % 10000 === 0)
      io.stderr(`\rsimulated ${index} of ${read.length} alerts`);
  });

  const assumption =
    before === undefined
      ? 'whole rule conditions evaluated on each alert'
      : `alerts taken as raised by ${baseFiles.map((f) => f.name).join(', ')}; evaluating what ${files.value.at(-1)?.name ?? ''} changes`;
  if (options.json) {
    io.stdout(
      `${JSON.stringify({
        falcoVersion: formatFalcoVersion(version.value),
        assumption,
        alerts: rows.map((row) => ({ line: row.line, rule: row.rule, ...row.impact })),
        invalid,
        summary,
      })}\n`,
    );
    return EXIT_OK;
  }
  const width = Math.min(48, Math.max(4, ...rows.map((row) => row.rule.length)));
  const lines = [`Falco ${formatFalcoVersion(version.value)}: ${assumption}.`];
  for (const row of rows) {
    const by = describeBy(row.impact);
    lines.push(
      `line ${String(row.line).padEnd(5)} ${row.rule.padEnd(width)}  ${row.impact.verdict.padEnd(11)}${by === '' ? '' : `  ${by}`}`.trimEnd(),
    );
  }
  io.stdout(`${lines.join('\n')}\n${JSON.stringify(summary)}\n`);
  for (const problem of invalid)
    io.stderr(`falco-triage simulate: line ${problem.line}: ${problem.problem}\n`);
  return EXIT_OK;
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'Show which alerts a rules change would silence (excepted / still-fires / unknown)',
  usage,
  run,
};
