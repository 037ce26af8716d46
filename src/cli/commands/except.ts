/**
 * `falco-triage except`: builds the exception for one false positive, adds it to the rules repository's custom file
 * (a plain rules file or a Helm values file's `customRules` entry), prints the unified diff and the verification,
 * and with `--write` edits the file in place. The work is the pure engine in src/falco/exceptions and
 * src/falco/rules-file-edit; this file reads, prints and writes.
 *
 * Exit status: 0 verified; 1 the exception cannot be built safely or verification failed; 2 bad usage.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  alertSubject,
  chooseScope,
  suggestExceptions,
  synthesize,
  type FieldChoice,
  type MatchKind,
  type Strategy,
} from '../../falco/exceptions/index.js';
import { verify } from '../../falco/exceptions/index.js';
import { loadRules } from '../../falco/rules/index.js';
import { applyChange, DEFAULT_ENTRY, unifiedDiff } from '../../falco/rules-file-edit/index.js';
import { formatFalcoVersion, type FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { exceptReport, exceptJson } from './except-report.js';
import {
  readAlertArgument,
  readIdentifiedAlerts,
  readRulesFiles,
  readText,
  versionOption,
} from './exception-cli-support.js';

const usage = `Usage: falco-triage except --rules FILE... --falco-version V --custom FILE [--entry KEY]
                            --alert ALERT [--fields a,b] [--strategy exception|list:NAME|macro:NAME|condition]
                            [--alerts FILE] [--annotation TEXT] [--write] [--json]

Builds an exception for one false positive and adds it to your custom rules: a plain rules file, or a Helm values
file's customRules entry (KEY, default ${DEFAULT_ENTRY}, created if missing). Prints the unified diff and the
verification: the rules load with the base rules without new errors or warnings, the alert is now excepted, and
the same alert with another value of each chosen field still fires. Nothing else in the file changes.

Options:
  --rules FILE...     the base rules (e.g. falco_rules.yaml), in load order; repeat or list several
  --falco-version V   the Falco release you deploy (decides override: vs append: true, exceptions or not)
  --custom FILE       the file to edit (created as a plain rules file if it does not exist)
  --entry KEY         the customRules entry of a values file (default ${DEFAULT_ENTRY})
  --alert ALERT       the alert: a JSON document, a Falco text line, a file holding one, or - for stdin
  --fields a,b        the fields that scope the exception; FIELD:startswith[:PREFIX] or FIELD:pmatch[:PREFIX]
                      match a path by prefix (default prefix: the alert's value), FIELD:glob[:PATTERN] by a
                      glob, FIELD:exact the value verbatim. A bare FIELD whose value has a volatile part (a
                      pid, a hash, a client port) is matched by a glob over the rest. Default: who plus what,
                      by the scope-safety policy; refused (exit 1) when the alert does not carry a safe scope
  --strategy S        exception (a named exception on the rule, Falco 0.32+), list:NAME (append to a list the
                      rule checks), macro:NAME (extend a user_known_* macro), condition (append "and not (...)");
                      default: the best available for the version
  --alerts FILE       stored alerts (JSON array, NDJSON or text lines) to report the impact over
  --annotation TEXT   a one-line comment written above the new item or values row
  --write             edit the file in place (only when verification passes)
  --json              print a JSON object instead of the report
  -h, --help          show this help

Exit status: 0 verified, 1 refused or verification failed, 2 bad usage.
`;

interface Options {
  readonly rules: readonly string[];
  readonly version: FalcoVersion;
  readonly custom: string;
  readonly entry: string | undefined;
  readonly alert: string;
  /** Undefined: the scope-safety policy's default. */
  readonly fields: readonly FieldChoice[] | undefined;
  readonly strategy: { readonly strategy: Strategy; readonly target?: string } | undefined;
  readonly alerts: string | undefined;
  readonly annotation: string | undefined;
  readonly write: boolean;
  readonly json: boolean;
}

const MATCHES: readonly MatchKind[] = ['exact', 'startswith', 'pmatch', 'glob'];

function parseFields(text: string): Result<FieldChoice[], string> {
  const choices: FieldChoice[] = [];
  for (const part of text.split(',')) {
    const [field = '', match, ...rest] = part.trim().split(':');
    if (field === '') return err(`--fields: empty field name in "${text}"`);
    if (match === undefined) {
      choices.push({ field });
      continue;
    }
    if (!MATCHES.includes(match as MatchKind))
      return err(
        `--fields: unknown match "${match}" for ${field}: expected exact, startswith, pmatch or glob`,
      );
    const value = rest.length > 0 ? rest.join(':') : undefined;
    choices.push({ field, match: match as MatchKind, ...(value === undefined ? {} : { value }) });
  }
  return ok(choices);
}

function parseStrategy(text: string | undefined): Result<Options['strategy'], string> {
  if (text === undefined) return ok(undefined);
  if (text === 'exception' || text === 'condition') return ok({ strategy: text });
  const match = /^(list|macro):(.+)$/.exec(text);
  if (match?.[1] === undefined || match[2] === undefined)
    return err(`--strategy: expected exception, condition, list:NAME or macro:NAME, got "${text}"`);
  return ok({ strategy: match[1] as Strategy, target: match[2] });
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
        custom: { type: 'string' },
        entry: { type: 'string' },
        alert: { type: 'string' },
        fields: { type: 'string' },
        strategy: { type: 'string' },
        alerts: { type: 'string' },
        annotation: { type: 'string' },
        write: { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
  } catch (error) {
    return err(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  // `--rules a.yaml b.yaml`: the files after the first are positionals (except takes no other positionals).
  const rules = [...(values.rules ?? []), ...positionals];
  if (rules.length === 0) return err('--rules: no rules file given');
  if (values['falco-version'] === undefined)
    return err('--falco-version is required (the Falco release you deploy)');
  const version = versionOption(values['falco-version']);
  if (!version.ok) return version;
  if (values.custom === undefined)
    return err('--custom is required (the custom rules or values file to edit)');
  if (values.alert === undefined) return err('--alert is required');
  const fields = values.fields === undefined ? ok(undefined) : parseFields(values.fields);
  if (!fields.ok) return fields;
  const strategy = parseStrategy(values.strategy);
  if (!strategy.ok) return strategy;
  return ok({
    rules,
    version: version.value,
    custom: values.custom,
    entry: values.entry,
    alert: values.alert,
    fields: fields.value,
    strategy: strategy.value,
    alerts: values.alerts,
    annotation: values.annotation,
    write: values.write === true,
    json: values.json === true,
  });
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage except: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args);
  if (!parsed.ok) return usageError(io, parsed.error);
  const options = parsed.value;
  const base = readRulesFiles(io, options.rules);
  if (!base.ok) return usageError(io, base.error);
  const customPath = path.resolve(io.cwd, options.custom);
  const customExists = existsSync(customPath);
  const custom = customExists ? readText(io, options.custom) : ok('');
  if (!custom.ok) return usageError(io, custom.error);
  const alertText = await readAlertArgument(io, options.alert);
  if (!alertText.ok) return usageError(io, alertText.error);

  const before = loadRules([...base.value, { name: options.custom, content: custom.value }], {
    falcoVersion: options.version,
  });
  if (!before.ok)
    io.stderr(
      `falco-triage except: note: the rules already have ${before.errors.length} error(s) before the edit\n`,
    );
  const [first, ...more] = readIdentifiedAlerts(alertText.value, before.ruleset, Date.now());
  if (first === undefined) return usageError(io, '--alert: no alert found in the input');
  if (!first.ok) return usageError(io, `--alert: ${first.problem}`);
  if (more.length > 0) io.stderr(`falco-triage except: note: using the first of ${more.length + 1} alerts\n`);
  const alert = alertSubject(first.alert);
  const scope = chooseScope(alert, options.fields);
  if (!scope.ok) {
    if (options.json) io.stdout(`${JSON.stringify({ ok: false, refused: scope.error })}\n`);
    else io.stderr(`falco-triage except: ${scope.error.message}\n`);
    return EXIT_FAILED;
  }
  let fields = scope.value.fields;

  const falcoVersion = options.version;
  let spec = options.strategy;
  if (spec === undefined && options.fields === undefined) {
    // Nothing chosen: the engine's first suggestion, whatever its strategy (a list takes its own field).
    const best = suggestExceptions({ alert, ruleset: before.ruleset, falcoVersion, fields }).find(
      (s) => s.refused === undefined,
    );
    if (best !== undefined) {
      spec = { strategy: best.strategy, target: best.target };
      if (best.strategy === 'list') fields = best.fields.map((field) => ({ field }));
    }
  }
  if (spec === undefined) {
    const single = fields.length === 1 ? fields[0]?.field : undefined;
    const best = suggestExceptions({
      alert,
      ruleset: before.ruleset,
      falcoVersion,
      fields,
    }).find((s) => s.refused === undefined && (s.strategy !== 'list' || s.fields[0] === single));
    spec = best === undefined ? { strategy: 'exception' } : { strategy: best.strategy, target: best.target };
  }
  const synthesis = synthesize({
    strategy: spec.strategy,
    ...(spec.target === undefined ? {} : { target: spec.target }),
    fields,
    alert,
    ruleset: before.ruleset,
    falcoVersion,
    ...(options.annotation === undefined ? {} : { annotation: options.annotation }),
  });
  if (!synthesis.ok) {
    const message = `cannot build this exception for Falco ${formatFalcoVersion(falcoVersion)}: ${synthesis.error.message}`;
    if (options.json) io.stdout(`${JSON.stringify({ ok: false, refused: synthesis.error })}\n`);
    else io.stderr(`falco-triage except: ${message}\n`);
    return EXIT_FAILED;
  }
  const edited = applyChange(
    custom.value,
    synthesis.value,
    options.entry === undefined ? {} : { entry: options.entry },
  );
  if (!edited.ok) {
    if (options.json) io.stdout(`${JSON.stringify({ ok: false, editError: edited.error })}\n`);
    else io.stderr(`falco-triage except: cannot edit ${options.custom}: ${edited.error.message}\n`);
    return EXIT_FAILED;
  }
  let impactAlerts;
  if (options.alerts !== undefined) {
    const text = readText(io, options.alerts);
    if (!text.ok) return usageError(io, text.error);
    impactAlerts = readIdentifiedAlerts(text.value, before.ruleset, Date.now()).flatMap((read) =>
      read.ok ? [alertSubject(read.alert)] : [],
    );
  }
  const verification = verify({
    base: base.value,
    customName: options.custom,
    customBefore: custom.value,
    customAfter: edited.value.text,
    synthesis: synthesis.value,
    alert,
    falcoVersion,
    before,
    ...(impactAlerts === undefined ? {} : { alerts: impactAlerts }),
  });
  const relative = path.relative(io.cwd, customPath);
  const diffName =
    relative.startsWith('..') || path.isAbsolute(relative) ? path.basename(customPath) : relative;
  const diff = unifiedDiff(diffName, custom.value, edited.value.text);
  const written = options.write && verification.ok;
  if (written) writeFileSync(customPath, edited.value.text, 'utf8');
  const report = {
    options,
    scope: { notes: scope.value.notes, warnings: scope.value.warnings },
    synthesis: synthesis.value,
    edit: edited.value,
    verification,
    diff,
    written,
    created: !customExists,
  };
  io.stdout(options.json ? exceptJson(report) : exceptReport(report));
  return verification.ok ? EXIT_OK : EXIT_FAILED;
}

export const exceptCommand: CliCommand = {
  name: 'except',
  summary: 'Add a verified exception for a false positive to your custom rules (plain or Helm values)',
  usage,
  run,
};
