/**
 * `falco-triage validate`: loads rules files (and Helm values files with `customRules`) in order, as
 * `falco -V a.yaml -V b.yaml` would on the chosen Falco version, and reports errors and warnings file by file with
 * their file, line and column. The loading itself is the pure loader in src/falco/rules; this file reads files and prints.
 *
 * Exit status: 0 the files load without errors (warnings allowed); 1 there are errors; 2 bad usage (unknown
 * option, no file, a file or field catalog that cannot be read, a bad version or format).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseFieldCatalog, type FieldCatalog } from '../../falco/fields/index.js';
import { loadRules } from '../../falco/rules/index.js';
import type { RulesFileInput } from '../../falco/rules/index.js';
import {
  NEWEST_VERSION,
  formatFalcoVersion,
  parseFalcoVersion,
  type FalcoVersion,
} from '../../falco/version.js';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../io.js';
import { formatGithub, formatJson, formatSummary, formatText } from '../../falco/rules/index.js';

const usage = `Usage: falco-triage validate [--falco-version V] [--fields FILE] [--json] [--format text|json|github] FILE...

Loads Falco rules files in the order given, like \`falco -V a.yaml -V b.yaml\`, with the append/override/exceptions
semantics of the chosen Falco version, and reports every error and warning as file:line:column. As in Falco, each
file is loaded after the previous ones and judged on its own: its read problems plus what compiling everything
loaded so far finds (a list only a later file uses is "unused" for the earlier one). Before Falco 0.33 validation
stops at the first file that fails. A Helm values file (a map with customRules) is recognised and its entries are
loaded in its place, in file-name order as the chart mounts them; positions point at the values file's lines.

Output: text prints one line per problem, file by file, each problem once, and on stderr a verdict per file
(Ok, Ok with warnings, Invalid, not loaded) and the totals. github prints the same problems as GitHub Actions
annotations. json prints one document:
  { "ok": bool, "errors": [D], "warnings": [D], "rules": [R],
    "files": [{ "name": str, "loaded": bool, "ok": bool, "errors": [D], "warnings": [D] }] }
where D is { "file", "line", "column", "code", "message" }, R is a rule as described after every append and
override ({ "name", "source", "enabled", "priority", "desc", "output", "tags", "capture", "capture_duration",
"condition", "compiled" }), the top-level errors and warnings hold each problem of every file once, and "files"
holds each file's own result in load order, as Falco's falco_load_results does (a problem still present after a
later file is listed for that file again).

Options:
  --falco-version V   behave as this Falco release (default ${formatFalcoVersion(NEWEST_VERSION)}, the newest modelled)
  --fields FILE       field catalog (fields.json format, or one field name per line): unknown fields are errors
  --format FORMAT     text (default), json, or github (GitHub Actions annotations)
  --json              same as --format json
  -h, --help          show this help

Exit status: 0 no errors (warnings allowed), 1 errors, 2 bad usage.
`;

type Format = 'text' | 'json' | 'github';

interface Options {
  readonly files: readonly string[];
  readonly version: FalcoVersion;
  readonly fieldsFile: string | undefined;
  readonly format: Format;
}

function parseOptions(
  args: readonly string[],
): { ok: true; options: Options } | { ok: false; message: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        'falco-version': { type: 'string' },
        fields: { type: 'string' },
        json: { type: 'boolean' },
        format: { type: 'string' },
      },
    });
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  const { values, positionals } = parsed;
  if (positionals.length === 0) return { ok: false, message: 'no rules file given' };
  const requested = values.format;
  if (requested !== undefined && requested !== 'text' && requested !== 'json' && requested !== 'github')
    return { ok: false, message: `unknown format "${requested}": expected text, json or github` };
  if (values.json === true && requested !== undefined && requested !== 'json')
    return { ok: false, message: `--json conflicts with --format ${requested}` };
  const format: Format = values.json === true ? 'json' : (requested ?? 'text');
  let version = NEWEST_VERSION;
  if (values['falco-version'] !== undefined) {
    const parsedVersion = parseFalcoVersion(values['falco-version']);
    if (!parsedVersion.ok) return { ok: false, message: parsedVersion.error.message };
    version = parsedVersion.value;
  }
  return { ok: true, options: { files: positionals, version, fieldsFile: values.fields, format } };
}

function readText(io: CliIo, file: string): { ok: true; content: string } | { ok: false; message: string } {
  try {
    return { ok: true, content: readFileSync(path.resolve(io.cwd, file), 'utf8') };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return { ok: false, message: `cannot read ${file}: ${reason}` };
  }
}

function usageError(io: CliIo, message: string): number {
  io.stderr(`falco-triage validate: ${message}\n\n${usage}`);
  return EXIT_USAGE;
}

async function run(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args);
  if (!parsed.ok) return usageError(io, parsed.message);
  const { options } = parsed;

  let fields: FieldCatalog | undefined;
  if (options.fieldsFile !== undefined) {
    const text = readText(io, options.fieldsFile);
    if (!text.ok) return usageError(io, text.message);
    const catalog = parseFieldCatalog(text.content);
    if (!catalog.ok) return usageError(io, `field catalog ${options.fieldsFile}: ${catalog.error.message}`);
    fields = catalog.value;
  }
  const inputs: RulesFileInput[] = [];
  for (const file of options.files) {
    const text = readText(io, file);
    if (!text.ok) return usageError(io, text.message);
    inputs.push({ name: file, content: text.content });
  }

  const result = loadRules(inputs, {
    falcoVersion: options.version,
    ...(fields === undefined ? {} : { fields }),
  });
  switch (options.format) {
    case 'json':
      io.stdout(formatJson(result));
      break;
    case 'github':
      io.stdout(formatGithub(result));
      io.stderr(formatSummary(result, inputs.length));
      break;
    case 'text':
      io.stdout(formatText(result));
      io.stderr(formatSummary(result, inputs.length));
      break;
  }
  return Promise.resolve(result.ok ? EXIT_OK : EXIT_FAILED);
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check Falco rules files (and Helm customRules) as a given Falco version loads them',
  usage,
  run,
};
