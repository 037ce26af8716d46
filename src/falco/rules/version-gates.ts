/**
 * The loader's view of the version table in `../version.ts`: which loader behaviours the chosen Falco has. The
 * loader changed in three steps that matter for what a rules file means: the Lua loader (before 0.32), the C++
 * loader (0.32 to 0.36) and the C++ loader with `override:` (0.37 on). Messages changed in more steps (`Wording`):
 * the Lua loader of 0.2x, the Lua loader with exceptions (0.28 to 0.31), the first C++ loader (0.32, plain strings,
 * no codes) and the loader with load-result codes (0.33 on). Gates that only the loader needs (and that are not in
 * the shared table) are dated here from Falco's source.
 */
import { falcoVersion, formatFalcoVersion, isAtLeast, supports, type FalcoVersion } from '../version.js';

export type LoaderGeneration = 'lua' | 'cpp' | 'cpp-override';

/** Whose words the messages are in: see the header. */
export type Wording = 'lua-0.2x' | 'lua' | 'cpp-0.32' | 'cpp';

export interface LoaderFeatures {
  readonly version: FalcoVersion;
  /** `0.44.1`, for messages. */
  readonly versionText: string;
  readonly generation: LoaderGeneration;
  readonly wording: Wording;
  /** `override:` with append/replace per key (0.37.0, PR #2981). */
  readonly override: boolean;
  /** `append: true` and standalone `enabled` warn as deprecated (0.37.0, PR #2992). */
  readonly deprecationWarnings: boolean;
  /** `exceptions:` exist at all (0.28.0, Lua loader). */
  readonly exceptions: boolean;
  /** Duplicate exception names in one rule warn (0.38.0); before, they were silently kept. */
  readonly duplicateExceptionWarns: boolean;
  /** Appending an exception without values warns (0.38.0). */
  readonly appendNoValuesWarning: boolean;
  /** Exception fields are checked against the field catalog (Lua 0.28.0, C++ 0.32.0). */
  readonly exceptionFieldValidation: boolean;
  /** Exception fields may be transformers, `tolower(proc.name)` (`is_valid_lhs_field`, 0.38.0). */
  readonly exceptionTransformerFields: boolean;
  /** Appending may add a new named exception (Lua 0.31.0); before, only values could be appended. */
  readonly exceptionAppendNewName: boolean;
  /** A rule item with only `enabled:` changes an existing rule (Lua 0.31.0); before it failed. */
  readonly standaloneEnabled: boolean;
  /** The no-evttype warning counts the condition's event types (0.31.0); before, Lua looked where they stood. */
  readonly evttypeCountWarning: boolean;
  /** Load results carry codes, and `falco -V` reports every file even after one fails (0.33.0). */
  readonly loadResultCodes: boolean;
  /** A macro reference loop is an error (0.34.0); earlier C++ loaders recursed without end. */
  readonly macroLoopDetection: boolean;
  /** `skip-if-unknown-filter` also skips unknown event types, and the warning is LOAD_UNKNOWN_FILTER (0.36.0). */
  readonly unknownFilterWarning: boolean;
  /** `required_engine_version` is a semver compared with the engine's (0.37.0); before, integers. */
  readonly semverEngineVersion: boolean;
  /** Unknown keys in items warn (0.44.0). */
  readonly unknownKeyWarnings: boolean;
  /** `evt.dir`, `evt.latency*`, `evt.wait_latency` are deprecated (0.42.0). */
  readonly deprecatedEventFields: boolean;
  /** `%container.info` is deprecated since the container plugin (0.41.0). */
  readonly containerInfoDeprecated: boolean;
  /** The compiler warns about constants that look like fields or transformers (field comparisons, 0.38.0). */
  readonly fieldLikeConstWarnings: boolean;
  /** Exception comps may be `<string op> oneof|anyof|allof` (0.44.0). */
  readonly comparisonModifiers: boolean;
  /** `capture` and `capture_duration` rule keys (0.41.0). */
  readonly capture: boolean;
  /** The `<NA>` comparison warning, and list/macro name checks (C++ loader). */
  readonly cppWarnings: boolean;
}

const CPP_LOADER = falcoVersion(0, 32);
const CONTAINER_PLUGIN = falcoVersion(0, 41);

export function loaderFeatures(version: FalcoVersion): LoaderFeatures {
  const generation: LoaderGeneration = supports(version, 'override')
    ? 'cpp-override'
    : isAtLeast(version, CPP_LOADER)
      ? 'cpp'
      : 'lua';
  const wording: Wording = supports(version, 'load-result-codes')
    ? 'cpp'
    : generation !== 'lua'
      ? 'cpp-0.32'
      : supports(version, 'exceptions')
        ? 'lua'
        : 'lua-0.2x';
  return {
    version,
    versionText: formatFalcoVersion(version),
    generation,
    wording,
    override: generation === 'cpp-override',
    deprecationWarnings: supports(version, 'append-deprecation-warning'),
    exceptions: supports(version, 'exceptions'),
    duplicateExceptionWarns: supports(version, 'exception-duplicate-name-warning'),
    appendNoValuesWarning: supports(version, 'append-no-values-warning'),
    exceptionFieldValidation: supports(version, 'exception-field-validation'),
    exceptionTransformerFields: supports(version, 'case-transformers'),
    exceptionAppendNewName: supports(version, 'exception-append-new-name'),
    standaloneEnabled: supports(version, 'standalone-enabled'),
    evttypeCountWarning: supports(version, 'evttype-count-warning'),
    loadResultCodes: supports(version, 'load-result-codes'),
    macroLoopDetection: supports(version, 'macro-loop-detection'),
    unknownFilterWarning: supports(version, 'unknown-filter-warning'),
    semverEngineVersion: supports(version, 'semver-engine-version'),
    unknownKeyWarnings: supports(version, 'unknown-key-warnings'),
    deprecatedEventFields: supports(version, 'evt-dir-deprecation-warnings'),
    containerInfoDeprecated: isAtLeast(version, CONTAINER_PLUGIN),
    fieldLikeConstWarnings: supports(version, 'field-comparison'),
    comparisonModifiers: supports(version, 'modifiers'),
    capture: isAtLeast(version, CONTAINER_PLUGIN),
    cppWarnings: generation !== 'lua',
  };
}
