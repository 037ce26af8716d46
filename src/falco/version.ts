/**
 * Falco versions and the one table of what each version supports, shared by the condition parser and the rules
 * loader so that "which Falco does this work on" has a single answer.
 *
 * Versions before 0.32 ran a Lua loader and an older condition parser; for condition syntax they are treated like
 * 0.32 (the first release with libs' context-free parser), which accepts everything the old rules files use.
 * Parser features were dated from libs tags (`git tag --contains`) mapped to the Falco release that bundled them.
 */
import { err, ok, type Result } from '../result.js';

/** A Falco release, e.g. 0.44.1. Pre-release and build suffixes are dropped when parsing. */
export interface FalcoVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

export interface FalcoVersionError {
  readonly code: 'falco_version_invalid';
  readonly message: string;
}

const VERSION_PATTERN = /^v?(\d{1,4})\.(\d{1,4})(?:\.(\d{1,4}))?(?:[-+][0-9A-Za-z.+-]*)?$/;

/** Accepts `0.44.1`, `v0.44.1`, `0.44` (= 0.44.0) and `0.44.1-rc1`; anything else is an error value. */
export function parseFalcoVersion(text: string): Result<FalcoVersion, FalcoVersionError> {
  const match = VERSION_PATTERN.exec(text.trim());
  if (match === null) {
    return err({
      code: 'falco_version_invalid',
      message: `invalid Falco version "${text}": expected MAJOR.MINOR.PATCH, e.g. 0.44.1`,
    });
  }
  return ok(falcoVersion(Number(match[1]), Number(match[2]), Number(match[3] ?? '0')));
}

export function falcoVersion(major: number, minor: number, patch = 0): FalcoVersion {
  return { major, minor, patch };
}

/** Negative when `a` is older than `b`, zero when equal, positive when newer. */
export function compareFalcoVersions(a: FalcoVersion, b: FalcoVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export function isAtLeast(version: FalcoVersion, minimum: FalcoVersion): boolean {
  return compareFalcoVersions(version, minimum) >= 0;
}

export function formatFalcoVersion(version: FalcoVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** The newest Falco release this model follows (libs 0.25, rules engine 0.57). */
export const NEWEST_VERSION: FalcoVersion = falcoVersion(0, 44, 1);

interface FeatureInfo {
  readonly since: FalcoVersion;
  /** Names the feature in messages: "Falco 0.37.1 does not support <description> (added in ...)". */
  readonly description: string;
}

/**
 * Every version-dependent behaviour, parser and loader alike. The loader's warnings are features too: "this
 * version warns about X" is gated exactly like "this version accepts X".
 */
export const FEATURES = {
  // Condition language (libs filter parser).
  'cfg-parser': { since: falcoVersion(0, 32), description: "libs' context-free condition parser" },
  iglob: { since: falcoVersion(0, 38), description: "the 'iglob' operator" },
  'case-transformers': {
    since: falcoVersion(0, 38),
    description: "the 'tolower', 'toupper' and 'b64' transformers",
  },
  'field-comparison': {
    since: falcoVersion(0, 38),
    description: 'val() field comparisons',
  },
  basename: { since: falcoVersion(0, 39), description: "the 'basename' transformer" },
  regex: { since: falcoVersion(0, 39), description: "the 'regex' operator" },
  len: { since: falcoVersion(0, 40), description: "the 'len' transformer" },
  join: { since: falcoVersion(0, 43), description: "the 'join' transformer" },
  concat: { since: falcoVersion(0, 43), description: "the 'concat' transformer" },
  'multivalue-transformers': {
    since: falcoVersion(0, 43),
    description: 'transformer arguments other than a single field (strings, numbers, lists)',
  },
  getopt: { since: falcoVersion(0, 44), description: "the 'getopt' transformer" },
  'transformer-index': {
    since: falcoVersion(0, 44),
    description: "an index after a transformer ('getopt(...)[x]')",
  },
  modifiers: { since: falcoVersion(0, 44), description: "the 'oneof', 'anyof' and 'allof' modifiers" },
  // Rules loader. Dated from falcosecurity/falco at each tag: the Lua loader (`userspace/engine/lua/rule_loader.lua`)
  // before 0.32, `rule_loader.cpp`/`rule_reader.cpp` at 0.32, `rule_loader_{reader,collector,compiler}.cpp` since.
  exceptions: { since: falcoVersion(0, 28), description: "the 'exceptions' key" },
  'exception-field-validation': {
    // 0.28.0 rule_loader.lua `validate_exception_item_multi_fields` (is_defined_filter); C++ from 0.32.0 on.
    since: falcoVersion(0, 28),
    description: 'validation of exception fields',
  },
  'standalone-enabled': {
    // 0.31.0 rule_loader.lua "Handle spacial case where \"enabled\" flag is defined only" (commit eec2f506).
    since: falcoVersion(0, 31),
    description: "a rule item with only 'enabled' (enabling or disabling an existing rule)",
  },
  'exception-append-new-name': {
    // 0.31.0 rule_loader.lua `new_exception` (commit 23706da7, "Allow append of new exceptions to rules").
    since: falcoVersion(0, 31),
    description: 'adding a new named exception to an existing rule by appending',
  },
  'evttype-count-warning': {
    // 0.31.0 rule_loader.lua: `num_evttypes == 0 or num_evttypes > 100` from the libs filter; before, the Lua
    // `sinsp_rule_utils.get_evttypes_syscalls` warned by where evt.type checks stood (no-evttype/trailing-evttype).
    since: falcoVersion(0, 31),
    description: "the 'too many evt.type values' warning",
  },
  'load-result-codes': {
    // 0.33.0 falco_load_result.h; `falco -V a -V b` then validates every file even after one fails
    // (app/actions/validate_rules_files.cpp), where 0.32 stopped at the first failing file.
    since: falcoVersion(0, 33),
    description: 'load results with error and warning codes',
  },
  'macro-loop-detection': {
    // 0.34.0 filter_macro_resolver.cpp "reference loop in macro" (commit 35dd0fc1); before, a macro loop
    // recursed without end.
    since: falcoVersion(0, 34),
    description: 'macro reference loop detection',
  },
  'unknown-filter-warning': {
    // 0.36.0 rule_loader_compiler.cpp `err_is_unknown_type_or_field` (adds "unknown event type") and the
    // LOAD_UNKNOWN_FIELD warning code renamed LOAD_UNKNOWN_FILTER (falco_load_result.cpp).
    since: falcoVersion(0, 36),
    description: "skipping rules with unknown event types under 'skip-if-unknown-filter'",
  },
  override: { since: falcoVersion(0, 37), description: "the 'override' key" },
  'semver-engine-version': {
    // 0.37.0 falco_engine_version.h FALCO_ENGINE_VERSION_MINOR 31; rule_loader_reader.cpp parses semver.
    since: falcoVersion(0, 37),
    description: "semver 'required_engine_version' values",
  },
  'append-deprecation-warning': {
    since: falcoVersion(0, 37),
    description: "the 'append' deprecation warning",
  },
  'enabled-deprecation-warning': {
    since: falcoVersion(0, 37),
    description: "the standalone 'enabled' deprecation warning",
  },
  'exception-duplicate-name-warning': {
    // 0.38.0 rule_loader_reader.cpp LOAD_EXCEPTION_NAME_NOT_UNIQUE; before, duplicates were silently kept.
    since: falcoVersion(0, 38),
    description: 'the duplicate exception name warning',
  },
  'append-no-values-warning': {
    // 0.38.0 rule_loader_reader.cpp LOAD_APPEND_NO_VALUES.
    since: falcoVersion(0, 38),
    description: "the 'appending exception with no values' warning",
  },
  'evt-dir-deprecation-warnings': {
    since: falcoVersion(0, 42),
    description: "deprecation warnings for 'evt.dir' and latency fields",
  },
  'unknown-key-warnings': { since: falcoVersion(0, 44), description: 'warnings for unknown keys' },
} as const satisfies Record<string, FeatureInfo>;

export type FalcoFeature = keyof typeof FEATURES;

export function supports(version: FalcoVersion, feature: FalcoFeature): boolean {
  return isAtLeast(version, FEATURES[feature].since);
}

/** The first Falco version with `feature`. */
export function featureSince(feature: FalcoFeature): FalcoVersion {
  return FEATURES[feature].since;
}

/** "Falco 0.37.1 does not support the 'iglob' operator (added in Falco 0.38.0)". */
export function describeUnsupported(feature: FalcoFeature, target: FalcoVersion): string {
  const info = FEATURES[feature];
  return `Falco ${formatFalcoVersion(target)} does not support ${info.description} (added in Falco ${formatFalcoVersion(info.since)})`;
}
