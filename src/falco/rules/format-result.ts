/**
 * Renderings of a load result for people and machines: `file:line:column: error|warning: message` lines, the JSON
 * document of `falco-triage validate --json`, and GitHub Actions workflow commands (`::error file=...::message`) so
 * problems show up on the pull request's diff.
 *
 * Falco reports file by file (`falco -V a -V b`), and a problem still present after a later file is reported for
 * that file again. Lines and annotations follow Falco's file order, each file's errors before its warnings, and
 * show each problem once; the JSON document keeps Falco's per-file view in `files`.
 */
import type { Diagnostic, FileLoadResult, LoadResult, LoadedRule } from './model.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Every diagnostic once, file by file in load order, each file's errors first. */
export function diagnosticsInFileOrder(result: LoadResult): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const file of result.files)
    for (const d of [...file.errors, ...file.warnings]) {
      const key = `${d.severity}\u0000${d.code}\u0000${d.message}\u0000${d.file}:${d.line}:${d.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  return out;
}

/** One line per diagnostic, in Falco's file order. */
export function formatText(result: LoadResult): string {
  return diagnosticsInFileOrder(result)
    .map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}\n`)
    .join('');
}

/** Falco's per-file verdict words: `Ok`, `Ok, with warnings`, `Invalid`. */
function fileStatus(file: FileLoadResult, falcoVersion: string): string {
  if (!file.loaded)
    return `${file.name}: not loaded (Falco ${falcoVersion} stops at the first file that fails)`;
  if (!file.ok)
    return `${file.name}: Invalid: ${plural(file.errors.length, 'error')}, ${plural(file.warnings.length, 'warning')}`;
  return file.warnings.length === 0
    ? `${file.name}: Ok`
    : `${file.name}: Ok, with ${plural(file.warnings.length, 'warning')}`;
}

/** With several files, one status line per file as `falco -V` prints them; then the totals. */
export function formatSummary(result: LoadResult, files: number): string {
  const compiled = result.ruleset.rules.filter((rule) => rule.compiled !== undefined).length;
  const perFile =
    result.files.length > 1
      ? result.files.map((file) => `${fileStatus(file, result.falcoVersion)}\n`).join('')
      : '';
  return (
    perFile +
    `${result.ok ? 'OK' : 'FAILED'}: ${plural(files, 'file')} as Falco ${result.falcoVersion}: ` +
    `${plural(result.errors.length, 'error')}, ${plural(result.warnings.length, 'warning')}; ` +
    `${plural(result.ruleset.rules.length, 'rule')} (${compiled} compiled)\n`
  );
}

interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly message: string;
}

/** A rule as Falco's describe shows it after every append and override; `compiled` null when it did not compile. */
export interface JsonRule {
  readonly name: string;
  readonly source: string;
  readonly enabled: boolean;
  readonly priority: string;
  readonly desc: string;
  readonly output: string;
  readonly tags: readonly string[];
  readonly capture: boolean;
  readonly capture_duration: number;
  readonly condition: string;
  readonly compiled: string | null;
}

function jsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  return { file: d.file, line: d.line, column: d.column, code: d.code, message: d.message };
}

export function jsonRule(rule: LoadedRule): JsonRule {
  return {
    name: rule.name,
    source: rule.source,
    enabled: rule.enabled,
    priority: rule.priority,
    desc: rule.desc,
    output: rule.output,
    tags: rule.tags,
    capture: rule.capture,
    capture_duration: rule.captureDuration,
    condition: rule.condition,
    compiled: rule.compiled?.text ?? null,
  };
}

export function formatJson(result: LoadResult): string {
  const document = {
    ok: result.ok,
    errors: result.errors.map(jsonDiagnostic),
    warnings: result.warnings.map(jsonDiagnostic),
    rules: result.ruleset.rules.map(jsonRule),
    files: result.files.map((file) => ({
      name: file.name,
      loaded: file.loaded,
      ok: file.ok,
      errors: file.errors.map(jsonDiagnostic),
      warnings: file.warnings.map(jsonDiagnostic),
    })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** GitHub's escaping for a workflow command's message. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping for a workflow command's property values (also `:` and `,`). */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithub(result: LoadResult): string {
  return diagnosticsInFileOrder(result)
    .map((d) => {
      const file = escapeGithubProperty(d.file);
      return `::${d.severity} file=${file},line=${d.line},col=${d.column}::${escapeGithubData(d.message)}\n`;
    })
    .join('');
}
