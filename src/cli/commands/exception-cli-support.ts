/**
 * What `except` and `simulate` share: reading the rules files, the Falco version and the alerts (JSON, NDJSON or text
 * lines, identified against the loaded rules so a plain Falco log works too).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { readAlerts, type Alert } from '../../falco/alert/index.js';
import { createIdentifier } from '../../falco/identify/index.js';
import type { Ruleset, RulesFileInput } from '../../falco/rules/index.js';
import { NEWEST_VERSION, parseFalcoVersion, type FalcoVersion } from '../../falco/version.js';
import { err, ok, type Result } from '../../result.js';
import type { CliIo } from '../io.js';

export function readText(io: CliIo, file: string): Result<string, string> {
  try {
    return ok(readFileSync(path.resolve(io.cwd, file), 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : String(error);
    return err(`cannot read ${file}: ${reason}`);
  }
}

export function readRulesFiles(io: CliIo, files: readonly string[]): Result<RulesFileInput[], string> {
  const inputs: RulesFileInput[] = [];
  for (const file of files) {
    const text = readText(io, file);
    if (!text.ok) return text;
    inputs.push({ name: file, content: text.value });
  }
  return ok(inputs);
}

export function versionOption(text: string | undefined): Result<FalcoVersion, string> {
  if (text === undefined) return ok(NEWEST_VERSION);
  const parsed = parseFalcoVersion(text);
  return parsed.ok ? ok(parsed.value) : err(parsed.error.message);
}

/**
 * An alert argument: `-` (stdin), an existing file's path, or the alert itself (a JSON document or a text line).
 */
export async function readAlertArgument(io: CliIo, argument: string): Promise<Result<string, string>> {
  if (argument === '-') return ok(await io.readStdin());
  const resolved = path.resolve(io.cwd, argument);
  const looksLikeAlert = /^\s*[{[]/.test(argument) || /\d{2}:\d{2}:\d{2}\.\d+/.test(argument);
  if (!looksLikeAlert && existsSync(resolved) && statSync(resolved).isFile()) return readText(io, argument);
  return ok(argument);
}

/** One alert read from an input, identified against the rules, or why not. */
export type ReadOutcome =
  | { readonly ok: true; readonly line: number; readonly alert: Alert; readonly notes: readonly string[] }
  | { readonly ok: false; readonly line: number; readonly problem: string };

/** Reads every alert of `text` and identifies each against `ruleset` (text lines need it to recover fields). */
export function readIdentifiedAlerts(text: string, ruleset: Ruleset, now: number): ReadOutcome[] {
  const identifier = createIdentifier(ruleset);
  const out: ReadOutcome[] = [];
  for (const item of readAlerts(text).items) {
    if (!item.ok) {
      out.push({
        ok: false,
        line: item.line,
        problem: item.location === '' ? item.problem.message : `${item.location}: ${item.problem.message}`,
      });
      continue;
    }
    const identified = identifier.identify(item.input, { now });
    if (identified.kind === 'identified') {
      out.push({ ok: true, line: item.line, alert: identified.alert, notes: identified.notes });
    } else if (
      identified.kind === 'unidentified' &&
      identified.alert !== undefined &&
      item.input.kind === 'json'
    ) {
      // A JSON alert of a rule the ruleset lacks is still an alert (simulate reports it as unknown).
      out.push({ ok: true, line: item.line, alert: identified.alert, notes: [identified.message] });
    } else {
      out.push({ ok: false, line: item.line, problem: identified.message });
    }
  }
  return out;
}
