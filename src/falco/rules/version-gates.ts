/**
 * The loader's view of the version table in `../version.ts`: which loader behaviours the chosen Falco has. The
 * loader changed in three steps that matter for what a rules file means: the Lua loader (before 0.32), the C++
 * loader (0.32 to 0.36) and the C++ loader with `override:` (0.37 on). Gates that only the loader needs (and that
 * are not in the shared table) are dated here from Falco's changelog.
 */
import { falcoVersion, formatFalcoVersion, isAtLeast, supports, type FalcoVersion } from '../version.js';

export type LoaderGeneration = 'lua' | 'cpp' | 'cpp-override';

export interface LoaderFeatures {
  readonly version: FalcoVersion;
  /** `0.44.1`, for messages. */
  readonly versionText: string;
  readonly generation: LoaderGeneration;
  /** `override:` with append/replace per key (0.37.0, PR #2981). */
  readonly override: boolean;
  /** `append: true` and standalone `enabled` warn as deprecated (0.37.0, PR #2992). */
  readonly deprecationWarnings: boolean;
  /** `exceptions:` exist at all (0.28.0, Lua loader). */
  readonly exceptions: boolean;
  /** Duplicate exception names in one rule warn instead of failing (0.38.0). */
  readonly duplicateExceptionWarns: boolean;
  /** Exception fields are checked against the field catalog (0.38.0). */
  readonly exceptionFieldValidation: boolean;
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
  return {
    version,
    versionText: formatFalcoVersion(version),
    generation,
    override: generation === 'cpp-override',
    deprecationWarnings: supports(version, 'append-deprecation-warning'),
    exceptions: supports(version, 'exceptions'),
    duplicateExceptionWarns: supports(version, 'exception-duplicate-name-warning'),
    exceptionFieldValidation: supports(version, 'exception-field-validation'),
    unknownKeyWarnings: supports(version, 'unknown-key-warnings'),
    deprecatedEventFields: supports(version, 'evt-dir-deprecation-warnings'),
    containerInfoDeprecated: isAtLeast(version, CONTAINER_PLUGIN),
    fieldLikeConstWarnings: supports(version, 'field-comparison'),
    comparisonModifiers: supports(version, 'modifiers'),
    capture: isAtLeast(version, CONTAINER_PLUGIN),
    cppWarnings: generation !== 'lua',
  };
}
