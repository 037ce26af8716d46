/**
 * The loader's entry point: load rules files in order into one ruleset, like `falco -V a.yaml -V b.yaml`, as the
 * chosen Falco version would. Pure: contents come in as strings with their names. Helm values files (a map with
 * `customRules`) are recognised and their entries loaded in their place.
 *
 * Like Falco, each file is read (stopping within it at its first error) and, when it read cleanly, everything
 * collected so far is compiled; the file's result holds its read problems and that compile's errors and warnings
 * (Falco's per-file `falco_load_results`). Before 0.33 `falco -V` stopped at the first file that failed; from 0.33
 * it goes on. One difference on purpose: Falco's compiler stops at its first error, we report every rule and macro
 * that fails.
 */
import { NEWEST_VERSION, type FalcoVersion } from '../version.js';
import { Collector } from './collector.js';
import type { ParseCache } from './compile-context.js';
import { compileCollected, type CompileResult } from './compiler.js';
import type { FieldCatalog } from '../fields/index.js';
import { knownFieldText } from './field-names.js';
import { expandHelmValues } from './helm-values.js';
import type { LoadWarningCode } from './messages.js';
import type { Diagnostic, FileLoadResult, ItemKind, LoadResult, RulesFileInput } from './model.js';
import { readRulesText } from './reader.js';
import type { RulesText } from './reader-context.js';
import { lineLocator } from './source-map.js';
import { loaderFeatures, type LoaderFeatures } from './version-gates.js';

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

/** Diagnostics of one file, each once. */
class FileBucket {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  add(diagnostic: Diagnostic): void {
    const key = diagnosticKey(diagnostic);
    if (this.seen.has(key)) return;
    this.seen.add(key);
    (diagnostic.severity === 'error' ? this.errors : this.warnings).push(diagnostic);
  }
}

function diagnosticKey(d: Diagnostic): string {
  return `${d.severity}\u0000${d.code}\u0000${d.message}\u0000${d.file}:${d.line}:${d.column}`;
}

/** Each diagnostic once, in file order: what the whole `falco -V a -V b` run reported. */
function union(files: readonly FileLoadResult[], pick: (file: FileLoadResult) => readonly Diagnostic[]) {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const file of files)
    for (const diagnostic of pick(file)) {
      const key = diagnosticKey(diagnostic);
      if (!seen.has(key)) {
        seen.add(key);
        out.push(diagnostic);
      }
    }
  return out;
}

/** Loads `files` in order; expected failures (bad YAML, bad rules) are in the result, never thrown. */
export function loadRules(files: readonly RulesFileInput[], options: LoadOptions = {}): LoadResult {
  const version = options.falcoVersion ?? NEWEST_VERSION;
  const features = loaderFeatures(version);
  const sources = new Set(options.sources ?? DEFAULT_SOURCES);
  const fields = options.fields;
  const isField = exceptionFieldCheck(features, fields);
  let bucket = new FileBucket();
  let current: RulesText | undefined;

  const warn = (
    code: LoadWarningCode,
    message: string,
    offset: number,
    item?: { readonly kind: ItemKind; readonly name: string },
  ) => {
    const at = current === undefined ? { file: '', line: 1, column: 1 } : current.locate(offset);
    bucket.add({ severity: 'warning', code, message, ...at, ...(item === undefined ? {} : { item }) });
  };
  const collector = new Collector({
    features,
    isField,
    isKnownSource: (source) => sources.has(source),
    warn,
  });

  const parseCache: ParseCache = new Map();
  const results: FileLoadResult[] = [];
  let compiled: CompileResult | undefined;
  let stopped = false;
  for (const file of files) {
    if (stopped) {
      results.push({ name: file.name, loaded: false, ok: true, errors: [], warnings: [] });
      continue;
    }
    bucket = new FileBucket();
    const helm: Diagnostic[] = [];
    for (const text of rulesTexts(file, helm)) {
      current = text;
      const failure = readRulesText({ input: text, features, collector, isField, warn });
      current = undefined;
      if (failure !== undefined) bucket.add(failure);
      else {
        compiled = compileCollected(collector, features, fields, parseCache);
        for (const diagnostic of [...compiled.errors, ...compiled.warnings])
          bucket.add(versionCoded(diagnostic, features));
      }
      if (bucket.errors.length > 0 && !features.loadResultCodes) break;
    }
    for (const diagnostic of helm) bucket.add(diagnostic);
    const ok = bucket.errors.length === 0;
    results.push({ name: file.name, loaded: true, ok, errors: bucket.errors, warnings: bucket.warnings });
    // Before 0.33 `falco -V` stopped at the first file that failed (0.32 app_actions/validate_rules_files.cpp,
    // 0.25 falco.cpp L779-789).
    if (!ok && !features.loadResultCodes) stopped = true;
  }

  // The model is the last compile's, or (when nothing compiled, e.g. every file failed to read) what was
  // collected, compiled once for the model without reporting.
  const ruleset = (compiled ?? compileCollected(collector, features, fields, parseCache)).ruleset;
  const errors = union(results, (file) => file.errors);
  return {
    ok: errors.length === 0,
    falcoVersion: features.versionText,
    ruleset,
    errors,
    warnings: union(results, (file) => file.warnings),
    files: results,
  };
}

/** Exception fields may be transformers (`tolower(proc.name)`, 0.38+): every field inside must exist. */
function exceptionFieldCheck(
  features: LoaderFeatures,
  fields: FieldCatalog | undefined,
): ((name: string) => boolean) | undefined {
  if (fields === undefined || !features.exceptionFieldValidation) return undefined;
  // Before 0.38 the check was `is_field_defined`: a plain field name only.
  if (!features.exceptionTransformerFields)
    return (name) => !name.includes('(') && knownFieldText(fields, name);
  return (name) => knownFieldText(fields, name);
}

/** LOAD_UNKNOWN_FILTER was called LOAD_UNKNOWN_FIELD from 0.33 to 0.35 (`falco_load_result.cpp`). */
function versionCoded(diagnostic: Diagnostic, features: LoaderFeatures): Diagnostic {
  if (diagnostic.code === 'LOAD_UNKNOWN_FILTER' && !features.unknownFilterWarning)
    return { ...diagnostic, code: 'LOAD_UNKNOWN_FIELD' };
  return diagnostic;
}
