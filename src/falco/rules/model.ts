/**
 * What loading rules files produces: the ruleset after every append and override, the way `falco -V a -V b` and
 * Falco's `--describe-rule` see it, plus positioned errors and warnings.
 *
 * The explain step, the exception synthesiser and the Slack bot read this model; keep it plain data (no classes,
 * no functions) so it can be serialised, compared in tests and stored.
 */
import type { Expr, Span } from '../condition/index.js';
import type { LoadErrorCode, LoadWarningCode } from './messages.js';

/** A place in a file the user wrote: 1-based line and column. For Helm values files, the values file's own line. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One error or warning, with Falco's code (`LOAD_ERR_*`, `LOAD_*`) and, where Falco has one, Falco's wording. */
export interface Diagnostic extends SourcePosition {
  readonly severity: 'error' | 'warning';
  readonly code: LoadErrorCode | LoadWarningCode;
  readonly message: string;
  /** The item the diagnostic is about, when there is one (`rule` / `macro` / `list` and its name). */
  readonly item?: { readonly kind: ItemKind; readonly name: string };
}

export type ItemKind = 'rule' | 'macro' | 'list' | 'required_engine_version' | 'required_plugin_versions';

/** Falco's priorities, spelled as Falco prints them (`format_priority`). */
export type Priority =
  'Emergency' | 'Alert' | 'Critical' | 'Error' | 'Warning' | 'Notice' | 'Informational' | 'Debug';

/** How an item changed something defined before it. */
export type UpdateKind =
  | 'redefine' // a full definition with the same name replaced it
  | 'append' // `append: true`
  | 'override-append' // `override: {key: append}`
  | 'override-replace' // `override: {key: replace}`
  | 'enable'; // a standalone `enabled:` item

export interface ItemUpdate {
  readonly kind: UpdateKind;
  readonly at: SourcePosition;
  /** The keys it changed, e.g. `['condition', 'exceptions']`. */
  readonly keys: readonly string[];
}

/** Where a list or macro name was referenced in a condition (offsets into that condition as written). */
export interface NameReference {
  readonly name: string;
  readonly span: Span;
}

export interface LoadedList {
  readonly name: string;
  /** The items as written, after appends (nested list names not expanded). */
  readonly items: readonly string[];
  /** The items with names of earlier lists expanded, what Falco substitutes into conditions. */
  readonly resolvedItems: readonly string[];
  /** Lists whose names appear among `items` and were expanded. */
  readonly nestedLists: readonly string[];
  readonly definedAt: SourcePosition;
  readonly updates: readonly ItemUpdate[];
}

export interface LoadedMacro {
  readonly name: string;
  /** The condition as written, after appends. */
  readonly condition: string;
  /** With lists substituted and macros expanded; absent when it did not compile. */
  readonly compiled?: CompiledCondition;
  /** Lists and macros this macro's own condition names. */
  readonly usesLists: readonly NameReference[];
  readonly usesMacros: readonly NameReference[];
  readonly definedAt: SourcePosition;
  readonly updates: readonly ItemUpdate[];
}

export interface CompiledCondition {
  readonly ast: Expr;
  /** The canonical form (`printCondition`), what Falco's describe calls `condition_compiled`. */
  readonly text: string;
}

/** A YAML value of an exception's `fields`, `comps` or `values`: a string or a (nested) list of them. */
export type ExceptionEntry =
  | { readonly kind: 'item'; readonly item: string }
  | { readonly kind: 'list'; readonly items: readonly ExceptionEntry[] };

export interface RuleException {
  readonly name: string;
  /** A list of fields (compared as a tuple) or a single field (compared with `in`/`pmatch`/`intersects`). */
  readonly fields?: ExceptionEntry;
  /** After defaults: `=` for each field, or `in` for the single-field form. */
  readonly comps?: ExceptionEntry;
  readonly values: readonly ExceptionEntry[];
  readonly definedAt: SourcePosition;
}

export interface LoadedRule {
  readonly name: string;
  readonly source: string;
  readonly enabled: boolean;
  readonly priority: Priority;
  readonly desc: string;
  readonly output: string;
  /** Sorted and unique, as Falco keeps them (a `std::set`). */
  readonly tags: readonly string[];
  readonly capture: boolean;
  readonly captureDuration: number;
  readonly warnEvttypes: boolean;
  readonly skipIfUnknownFilter: boolean;
  /** The condition as written, after appends (before exceptions): Falco's describe `condition`. */
  readonly condition: string;
  readonly exceptions: readonly RuleException[];
  /** Lists, macros and exceptions expanded; absent when the rule did not compile or was skipped. */
  readonly compiled?: CompiledCondition;
  readonly usesLists: readonly NameReference[];
  readonly usesMacros: readonly NameReference[];
  readonly definedAt: SourcePosition;
  readonly updates: readonly ItemUpdate[];
}

/** Which rules depend on a list or macro, directly (named in their condition) or through macros and lists. */
export interface NameUsage {
  /** Rules whose own condition names it. */
  readonly directRules: readonly string[];
  /** Every rule that depends on it, directly or through macros or nested lists. */
  readonly rules: readonly string[];
  /** Macros whose own condition names it. */
  readonly macros: readonly string[];
  /** Lists that contain it as an item (lists only). */
  readonly lists: readonly string[];
}

export interface PluginRequirement {
  readonly name: string;
  readonly version: string;
}

export interface Ruleset {
  /** In the order Falco first saw them. */
  readonly rules: readonly LoadedRule[];
  readonly macros: readonly LoadedMacro[];
  readonly lists: readonly LoadedList[];
  /** The highest `required_engine_version` seen, as a semver string. */
  readonly requiredEngineVersion?: string;
  /** Each entry is one requirement with its alternatives (the first is the plugin itself). */
  readonly requiredPluginVersions: readonly (readonly PluginRequirement[])[];
  readonly listUsage: ReadonlyMap<string, NameUsage>;
  readonly macroUsage: ReadonlyMap<string, NameUsage>;
}

/**
 * What `falco -V` reports for one of the files it loads in turn: that file's read problems, plus what compiling
 * everything loaded so far found (so a problem in an earlier file that is still there is reported again, and a
 * list only a later file uses is "unused" for the earlier one), as in Falco's `falco_load_results` array.
 */
export interface FileLoadResult {
  /** The input's name (a Helm values file's customRules entries are reported under the values file). */
  readonly name: string;
  /** False when Falco stopped before this file: before 0.33 `falco -V` ends at the first file that fails. */
  readonly loaded: boolean;
  readonly ok: boolean;
  readonly errors: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

export interface LoadResult {
  /** True when there are no errors (warnings allowed), as `falco -V` exits 0. */
  readonly ok: boolean;
  readonly falcoVersion: string;
  readonly ruleset: Ruleset;
  /** Every file's errors, each once, in load order. */
  readonly errors: readonly Diagnostic[];
  /** Every file's warnings, each once, in load order. */
  readonly warnings: readonly Diagnostic[];
  /** File by file, in load order, as Falco reports them. */
  readonly files: readonly FileLoadResult[];
}

/** One rules file (or Helm values file) to load, by the name to report and its text. */
export interface RulesFileInput {
  readonly name: string;
  readonly content: string;
}
