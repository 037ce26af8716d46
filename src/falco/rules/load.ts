/**
 * The loader's entry point: load rules files in order into one ruleset, like `falco -V a.yaml -V b.yaml`, as the
 * chosen Falco version would. Pure: contents come in as strings with their names. Helm values files (a map with
 * `customRules`) are recognised and their entries loaded in their place.
 *
 * Like Falco, each file is read (stopping within it at its first error) and everything collected so far is compiled
 * after it. Differences on purpose: Falco stops compiling at the first error, we report every rule and macro that
 * fails (once); warnings come from the last compile only (Falco repeats "unused" warnings for lists a later file
 * uses); after a read error only read errors are reported (compile errors would echo them). Required engine
 * versions are recorded, not checked against the chosen Falco's engine (we have no reliable table of those).
 */
import { NEWEST_VERSION, type FalcoVersion } from '../version.js';
import { Collector } from './collector.js';
import type { ParseCache } from './compile-context.js';
import { compileCollected } from './compiler.js';
import type { FieldCatalog } from '../fields/catalog.js';
import { knownFieldText } from './field-names.js';
import { expandHelmValues } from './helm-values.js';
import type { LoadWarningCode } from './messages.js';
import type { Diagnostic, ItemKind, LoadResult, RulesFileInput } from './model.js';
import { readRulesText } from './reader.js';
import type { RulesText } from './reader-context.js';
import { lineLocator } from './source-map.js';
import { loaderFeatures } from './version-gates.js';

export interface LoadOptions {
  /** The Falco release to behave as; default: the newest modelled (0.44.1). */
  readonly falcoVersion?: FalcoVersion;
  /** With a catalog, unknown fields are errors, as in Falco (which knows its loaded sources' fields). */
  readonly fields?: FieldCatalog;
  /**
   * The event sources Falco has (syscall plus the loaded plugins'); rules of other sources are skipped with
   * Falco's "Unknown source" warning. Default: syscall and the sources of the falcosecurity plugins.
   */
  readonly sources?: readonly string[];
}

export const DEFAULT_SOURCES: readonly string[] = [
  'syscall',
  'k8s_audit',
  'aws_cloudtrail',
  'okta',
  'github',
  'gcp_auditlog',
  'k8saudit-eks',
  'k8saudit-gke',
  'k8saudit-aks',
  'k8saudit-ovh',
];

function rulesTexts(file: RulesFileInput, diagnostics: Diagnostic[]): readonly RulesText[] {
  const helm = expandHelmValues(file);
  if (helm.kind === 'values') {
    diagnostics.push(...helm.diagnostics);
    return helm.texts;
  }
  return [{ name: file.name, text: file.content, locate: lineLocator(file.name, file.content) }];
}

/** Loads `files` in order; expected failures (bad YAML, bad rules) are in the result, never thrown. */
export function loadRules(files: readonly RulesFileInput[], options: LoadOptions = {}): LoadResult {
  const version = options.falcoVersion ?? NEWEST_VERSION;
  const features = loaderFeatures(version);
  const sources = new Set(options.sources ?? DEFAULT_SOURCES);
  const fields = options.fields;
  // Exception fields may be transformers (`tolower(proc.name)`): every field inside must exist.
  const isField =
    fields !== undefined && features.exceptionFieldValidation
      ? (name: string) => knownFieldText(fields, name)
      : undefined;
  const errors: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  let current: RulesText | undefined;

  const warn = (
    code: LoadWarningCode,
    message: string,
    offset: number,
    item?: { readonly kind: ItemKind; readonly name: string },
  ) => {
    const at = current === undefined ? { file: '', line: 1, column: 1 } : current.locate(offset);
    warnings.push({ severity: 'warning', code, message, ...at, ...(item === undefined ? {} : { item }) });
  };
  const collector = new Collector({
    features,
    isField,
    isKnownSource: (source) => sources.has(source),
    warn,
  });

  const texts: RulesText[] = [];
  for (const file of files) {
    const diagnostics: Diagnostic[] = [];
    texts.push(...rulesTexts(file, diagnostics));
    for (const diagnostic of diagnostics)
      (diagnostic.severity === 'error' ? errors : warnings).push(diagnostic);
  }

  // Falco compiles everything collected so far after each file it loads, so a rule that needs a macro from a
  // later file, or a broken rule that a later file replaces, fails when its own file loads. Intermediate
  // compiles contribute their errors (each reported once); warnings come from the final compile only.
  const seen = new Set<string>();
  const addErrors = (found: readonly Diagnostic[]): void => {
    for (const error of found) {
      const key = `${error.code}\u0000${error.message}\u0000${error.file}:${error.line}:${error.column}`;
      if (seen.has(key)) continue;
      seen.add(key);
      errors.push(error);
    }
  };
  const parseCache: ParseCache = new Map();
  let readFailed = errors.length > 0;
  texts.forEach((text, index) => {
    current = text;
    const failure = readRulesText({ input: text, features, collector, isField, warn });
    current = undefined;
    if (failure !== undefined) {
      errors.push(failure);
      readFailed = true;
    } else if (!readFailed && index < texts.length - 1) {
      addErrors(compileCollected(collector, features, fields, parseCache).errors);
    }
  });

  // After a read error the collected items are incomplete: still compile them for the model, but keep only the
  // read error (compile errors would mostly echo it).
  const compiled = compileCollected(collector, features, fields, parseCache);
  if (!readFailed) {
    addErrors(compiled.errors);
    warnings.push(...compiled.warnings);
  }
  return {
    ok: errors.length === 0,
    falcoVersion: features.versionText,
    ruleset: compiled.ruleset,
    errors,
    warnings,
  };
}
